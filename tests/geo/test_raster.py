"""Region quadtrees over pixels: lossless at tolerance 0, bounded error above, and painting."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sysdesign.geo import raster

FAST = settings(max_examples=60, deadline=None)
images = hnp.arrays(np.int64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=24),
                    elements=st.integers(0, 3))


@FAST
@given(images)
def test_blocks_paint_the_image_back_exactly(image):
    leaves = raster.blocks(image)
    assert np.array_equal(raster.paint(leaves, image.shape), image)
    # The leaves tile the image: their areas add up and every pixel is painted once.
    assert (leaves[:, 2] * leaves[:, 3]).sum() == image.size


@FAST
@given(images, st.floats(0, 3))
def test_a_tolerance_bounds_the_error_and_never_adds_blocks(image, tolerance):
    lossy = raster.blocks(image, tolerance)
    assert np.abs(raster.paint(lossy, image.shape) - image).max() <= tolerance + 1e-12
    assert len(lossy) <= len(raster.blocks(image))


def test_uniform_and_checkerboard_images():
    assert len(raster.blocks(np.zeros((16, 16)))) == 1
    board = np.indices((8, 8)).sum(axis=0) % 2
    assert len(raster.blocks(board)) == 64  # no two neighbouring pixels agree
    half = np.zeros((8, 8))
    half[:, 4:] = 1
    assert len(raster.blocks(half)) == 4  # the first split already separates the halves


def test_paint_boxes_keeps_the_largest_value_and_at_least_a_pixel():
    image = raster.paint_boxes([(0, 0, 10, 10), (0, 0, 0.001, 0.001), (5, 5, 10, 10)],
                               [1, 3, 2], bounds=(0, 0, 10, 10), width=10, height=10)
    assert image[9, 0] == 3  # the tiny box still shows, in the south-west pixel
    assert (image[:5, 5:] == 2).all() and image[0, 0] == 1
    assert (image > 0).all()


def paint_one_by_one(boxes, values, bounds, width, height):
    """The obvious reference: paint each box's pixel rectangle, smallest value first."""
    south, west, north, east = bounds
    image = np.zeros((height, width))
    for i in np.argsort(values, kind="stable"):
        s, w, n, e = boxes[i]
        c0 = min(max(int(np.floor((w - west) / (east - west) * width + 1e-9)), 0), width - 1)
        c1 = min(max(int(np.ceil((e - west) / (east - west) * width - 1e-9)), c0 + 1), width)
        r0 = min(max(int(np.floor((north - n) / (north - south) * height + 1e-9)), 0),
                 height - 1)
        r1 = min(max(int(np.ceil((north - s) / (north - south) * height - 1e-9)), r0 + 1),
                 height)
        image[r0:r1, c0:c1] = values[i]
    return image


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.integers(1, 40))
def test_paint_boxes_equals_painting_one_box_at_a_time(seed, width, height):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 25))
    south, west = rng.uniform(-90, 80, k), rng.uniform(-180, 170, k)
    boxes = np.c_[south, west, np.minimum(south + rng.uniform(0, 30, k), 90),
                  np.minimum(west + rng.uniform(0, 30, k), 180)]
    values = rng.normal(0, 5, k).round(1)  # negative values and ties too
    world = (-90.0, -180.0, 90.0, 180.0)
    assert np.array_equal(raster.paint_boxes(boxes, values, world, width, height),
                          paint_one_by_one(boxes, values, world, width, height))


@pytest.mark.parametrize("call, error, words", [
    (lambda: raster.blocks([1, 2, 3]), ValueError, "2-D"),
    (lambda: raster.blocks([["a"]]), TypeError, "numbers"),
    (lambda: raster.blocks([[np.nan]]), ValueError, "finite"),
    (lambda: raster.blocks([[1]], tolerance=-1), ValueError, "^tolerance"),
    (lambda: raster.paint_boxes([(0, 0, 1, 1)], [1, 2], (0, 0, 1, 1)), ValueError, "^values"),
])
def test_bad_input_names_the_problem(call, error, words):
    with pytest.raises(error, match=words):
        call()
