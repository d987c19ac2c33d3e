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
