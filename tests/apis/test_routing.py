"""The tiny router, the two APIs of the notes' table, and the REST design linter."""

import pytest

from sysdesign.apis import (
    PeopleStore,
    Request,
    Response,
    Router,
    check_statuses,
    lint,
    lint_summary,
    rest_api,
    rpc_api,
)
from sysdesign.apis.routing import OPERATIONS, run_side_by_side


def test_router_matches_params_and_answers_404_and_405():
    router = Router()
    router.add("GET", "/a/{x}/b/{y}", lambda request, x, y: Response(200, (x, y)))
    assert router.match("/a/{x}/b/{y}", "/a/1/b/2") == {"x": "1", "y": "2"}
    assert router.match("/a/{x}", "/a/1/b") is None
    assert router.handle(Request("GET", "/a/1/b/2")).body == ("1", "2")
    assert router("DELETE", "/a/1/b/2").status == 405
    assert router("GET", "/c").status == 404
    assert router.log[-2:] == [("DELETE", "/a/1/b/2", 405), ("GET", "/c", 404)]


def test_405_lists_the_methods_the_path_allows():
    # RFC 9110 §15.5.6: a 405 must carry Allow; a 404 has nothing to allow.
    router = Router()
    for method in ("GET", "PUT", "GET"):
        router.add(method, "/items/{item}", lambda request, item: Response(200))
    router.add("POST", "/other", lambda request: Response(201))
    refused = router("DELETE", "/items/7")
    assert (refused.status, refused.headers) == (405, {"Allow": "GET, PUT"})
    assert router("GET", "/items/7").headers == {}
    assert router("DELETE", "/nothing").headers == {}


def test_router_rejects_bad_routes():
    with pytest.raises(ValueError, match="method"):
        Router().add("FETCH", "/x", print)
    with pytest.raises(ValueError, match="pattern"):
        Router().add("GET", "x", print)


def test_both_styles_do_the_same_operations_to_the_same_state():
    rows, rpc_store, rest_store = run_side_by_side()
    assert rpc_store.state() == rest_store.state()
    by_name = {row["operation"]: row for row in rows}
    # REST says "not found" with the status code; the RPC style answers 200 and an error body
    assert by_name["Delete it again"]["REST status"] == 404
    assert by_name["Delete it again"]["RPC status"] == 200
    assert by_name["Delete it again"]["RPC says"] == "error"
    assert by_name["Sign up"]["REST status"] == 201
    assert by_name["Delete an item"]["REST status"] == 204


def test_put_replaces_and_repeats_harmlessly_post_does_not():
    store = PeopleStore()
    api = rest_api(store)
    api("POST", "/persons", {"name": "Ann"})
    assert api("PUT", "/items/9", {"colour": "red"}).status == 201
    assert api("PUT", "/items/9", {"colour": "red"}).status == 200
    assert store.items == {"9": {"id": "9", "colour": "red"}}
    api("POST", "/persons/1234/items", {"itemid": "9"})
    api("POST", "/persons/1234/items", {"itemid": "9"})
    assert store.person_items["1234"] == ["9", "9"]


def test_linter_flags_every_rpc_route_and_passes_versioned_rest():
    rpc = rpc_api(PeopleStore())
    flagged = {(v.method, v.path) for v in lint(rpc) if v.rule == "nouns"}
    assert flagged == set(rpc.route_table())
    assert set(lint_summary(rest_api(PeopleStore(), "/v1")).values()) == {0}
    assert lint_summary(rest_api(PeopleStore()))["version"] == 7


@pytest.mark.parametrize("route, rule", [
    (("GET", "/v1/person/{id}"), "plural"),
    (("GET", "/v1/user_accounts"), "case"),
    (("POST", "/v1/users/{id}"), "methods"),
    (("DELETE", "/v1/users"), "methods"),
    (("GET", "/v1/users/{id}/orders/{order}/lines"), "nesting"),
    (("GET", "/users"), "version"),
    (("POST", "/v1/sendMessage"), "nouns"),
])
def test_each_rule_catches_its_mistake(route, rule):
    assert rule in {v.rule for v in lint([route])}


def test_good_routes_pass():
    good = [("GET", "/v1/messages"), ("POST", "/v1/messages"), ("GET", "/v1/messages/{id}"),
            ("PATCH", "/v1/messages/{id}"), ("GET", "/v2/users/{id}/order-items")]
    assert lint(good) == []


def test_linter_rejects_bad_input():
    with pytest.raises(ValueError, match="method"):
        lint([("GRAB", "/v1/x")])
    with pytest.raises(ValueError, match="path"):
        lint([("GET", "v1/x")])


def test_status_codes_are_checked_against_the_body():
    rpc_requests = [op[1] for op in OPERATIONS]
    found = check_statuses(rpc_api(PeopleStore()), rpc_requests)
    assert [(v.path, v.rule) for v in found] == [("/removeItem", "status"),
                                                  ("/readPerson", "status")]
    assert check_statuses(rest_api(PeopleStore()), [op[2] for op in OPERATIONS]) == []
    router = Router()
    router.add("GET", "/quiet", lambda request: Response(500, {"fine": True}))
    assert check_statuses(router, [("GET", "/quiet", None, {})])[0].detail.startswith("500")


def test_hypermedia_links_lead_where_the_client_needs_to_go():
    api = rest_api(PeopleStore(), "/v1", links=True)
    person = api("POST", "/v1/persons", {"name": "Ann"}).body
    api("POST", person["links"]["items"], {"itemid": "7"})
    assert api("GET", person["links"]["self"]).body == person
    assert api("GET", person["links"]["items"]).body == [{"id": "7"}]
    assert "links" not in rest_api(PeopleStore())("POST", "/persons", {"name": "Bo"}).body
