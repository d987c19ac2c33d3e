"""The networking figures: alt text from the data, and the panel views at their extremes."""

import pytest

from sysdesign.core import style
from sysdesign.networking import experiments, plots


def all_figures():
    """Every figure the notebook draws, at the notebook's settings."""
    return {
        "map": plots.address_map_view(experiments.address_map()),
        "map, grouped": plots.address_map_view(experiments.address_map("192.168.0.0", 8, 30)),
        "map, clamped": plots.address_map_view(experiments.address_map("10.0.0.0", 24, 8)),
        "hexdump": plots.hexdump(experiments.shipped_packet()),
        "transport": plots.transport_summary(experiments.goodput_vs_loss(),
                                             experiments.message_delays("tcp"),
                                             experiments.message_delays("udp")),
        "tcp vs udp": plots.tcp_vs_udp_view(experiments.tcp_vs_udp()),
        "steps": plots.tcp_steps_view(experiments.tcp_steps()),
        "steps, start": plots.tcp_steps_view(experiments.tcp_steps(0), time_ms=0),
        "flow": plots.request_flow(experiments.request_flows()),
        "waterfall": plots.waterfall_view(experiments.waterfall()),
    }


@pytest.fixture(scope="module")
def figures():
    made = all_figures()
    for fig in made.values():
        style.png_bytes(fig)
    return made


def test_every_figure_has_alt_text_naming_its_numbers(figures):
    for name, fig in figures.items():
        assert len(fig.alt_text.split()) >= 12, name
    assert "16 subnets of /20, 4,094 usable hosts" in figures["map"].alt_text
    assert "Ethernet 14 bytes, IPv4 20 bytes, TCP 32 bytes, HTTP 78 bytes" in (
        figures["hexdump"].alt_text)
    assert "delivers 490 of 500" in figures["transport"].alt_text
    assert "only 463 within 150 ms" in figures["transport"].alt_text
    assert "HTTP/1.1 1,006 ms" in figures["waterfall"].alt_text
    assert "3 segments lost, 4 resent" in figures["steps"].alt_text


def test_nothing_is_drawn_outside_the_figure(figures):
    for name, fig in figures.items():
        renderer = fig.canvas.get_renderer()
        width, height = fig.bbox.width, fig.bbox.height
        for ax in fig.axes:
            for text in ax.texts + [ax.title]:
                if not text.get_text():
                    continue
                box = text.get_window_extent(renderer)
                assert box.x0 >= -2 and box.x1 <= width + 2, (name, text.get_text())
                assert box.y0 >= -2 and box.y1 <= height + 2, (name, text.get_text())


def test_the_clamped_map_says_so(figures):
    assert "raised" in figures["map, clamped"].axes[0].get_title()
    assert "groups" in figures["map, grouped"].axes[0].get_title()


def test_step_view_hides_the_future():
    early = plots.tcp_steps_view(experiments.tcp_steps(0), time_ms=0)
    late = plots.tcp_steps_view(experiments.tcp_steps())
    assert len(early.axes[0].texts) < len(late.axes[0].texts)
