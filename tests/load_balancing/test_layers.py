"""Layer 4 and layer 7: what each sees in the same real packet bytes."""

import dpkt
import pytest

from sysdesign.load_balancing import (
    http_frame,
    l4_view,
    l7_view,
    parse_request,
    route_l4,
    route_l7,
)

REQUEST = (b"GET /api/cart?id=7 HTTP/1.1\r\nHost: shop.example\r\n"
           b"Cookie: session=abc123\r\nUser-Agent: curl/7.88.1\r\n\r\n")
RULES = [("shop.example", "/api/", "api"), ("shop.example", "/static/", "static"),
         ("*", "/", "web")]


def test_l4_sees_the_five_tuple_only():
    frame = http_frame(REQUEST)
    view = l4_view(frame)
    assert view == {"src": "127.0.0.1", "src_port": 52814, "dst": "127.0.0.1",
                    "dst_port": 8080, "protocol": "TCP"}
    assert "shop" not in str(view)


def test_l7_sees_host_path_and_cookie_like_dpkt():
    frame = http_frame(REQUEST)
    view = l7_view(frame)
    theirs = dpkt.http.Request(dpkt.ethernet.Ethernet(frame).data.data.data)
    assert view["host"] == theirs.headers["host"] == "shop.example"
    assert view["path"] == theirs.uri == "/api/cart?id=7"
    assert view["cookie"] == "session=abc123"


def test_l7_routes_by_host_and_path():
    def frame(path, host=b"shop.example"):
        return http_frame(b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
    assert route_l7(frame(b"/api/x"), RULES, "none") == "api"
    assert route_l7(frame(b"/static/a.css"), RULES, "none") == "static"
    assert route_l7(frame(b"/api/x", b"blog.example"), RULES, "none") == "web"
    assert route_l7(frame(b"/api/x"), [], "none") == "none"


def test_l4_routing_is_per_connection():
    backends = ["a", "b", "c"]
    same = {route_l4(http_frame(b"GET /%d HTTP/1.1\r\n\r\n" % k), backends) for k in range(20)}
    assert len(same) == 1  # one connection: one backend, whatever the path
    spread = {route_l4(http_frame(REQUEST, src_port=40000 + k), backends) for k in range(60)}
    assert spread == set(backends)


@pytest.mark.parametrize("data, error", [
    ("GET / HTTP/1.1\r\n\r\n", TypeError), (b"GET / HTTP/1.1\r\n", ValueError),
    (b"HELLO\r\n\r\n", ValueError)])
def test_bad_requests(data, error):
    with pytest.raises(error, match="data"):
        parse_request(data)


def test_no_backends():
    with pytest.raises(ValueError, match="backends"):
        route_l4(http_frame(REQUEST), [])


def test_route_l7_default_must_be_a_pool_name():
    with pytest.raises(TypeError, match="default"):
        route_l7(http_frame(REQUEST), RULES, default=3)
