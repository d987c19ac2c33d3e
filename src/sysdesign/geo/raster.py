"""The quadtree's other classic use: an image stored as square-ish blocks of one colour.

A *region quadtree* over pixels (Samet 1984 calls it the region quadtree; it is the
oldest quadtree, used for images since the 1970s): if every pixel of a block has
(nearly) the same value, the block is a leaf that stores one value; otherwise it splits
into four at its midlines. Big uniform areas (sea, sky, background) cost one leaf each,
and the leaves gather where the image has detail. With ``tolerance=0`` the code is
lossless; a tolerance above 0 stores each leaf's mean and is lossy, but no pixel moves
by more than the tolerance.

>>> image = [[0, 0, 1, 1],
...          [0, 0, 1, 1],
...          [0, 0, 0, 1],
...          [0, 0, 1, 1]]
>>> leaves = blocks(image)
>>> len(leaves)   # 16 pixels, 7 leaves: three uniform 2x2 blocks and 4 single pixels
7
>>> bool((paint(leaves, (4, 4)) == image).all())
True
"""

from __future__ import annotations

import numpy as np

from sysdesign.core import checks

COLUMNS = ("row", "col", "height", "width", "value")  # one leaf block per row of blocks()


def _image(image) -> np.ndarray:
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"image must be a 2-D array of numbers, got {array.dtype} values")
    array = array.astype(np.float64)
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"image must be a non-empty 2-D array, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError("image must hold finite numbers (no NaN or infinity)")
    return array


def blocks(image, tolerance=0.0) -> np.ndarray:
    """The leaves of a region quadtree over ``image``: rows of (row, col, height, width, value).

    A block is a leaf when its values span at most ``tolerance`` (max - min) or it is a
    single pixel; otherwise it splits at its midlines into up to four blocks (a block one
    pixel high or wide splits in two). Leaves come in row-major order of their corners.
    """
    array = _image(image)
    tolerance = checks.number(tolerance, "tolerance", 0, hint="largest value range in a leaf")
    leaves = []
    stack = [(0, 0, array.shape[0], array.shape[1])]
    while stack:
        row, col, height, width = stack.pop()
        block = array[row:row + height, col:col + width]
        low, high = block.min(), block.max()
        if high - low <= tolerance:  # (a single pixel always is)
            # A uniform block's value is any of its pixels: exact, and no mean to take.
            value = low if high == low else block.mean()
            leaves.append((row, col, height, width, float(value)))
            continue
        half_h, half_w = (height + 1) // 2, (width + 1) // 2  # the top/left half gets the odd row
        for r, h in ((row, half_h), (row + half_h, height - half_h)):
            for c, w in ((col, half_w), (col + half_w, width - half_w)):
                if h > 0 and w > 0:
                    stack.append((r, c, h, w))
    result = np.array(leaves, dtype=np.float64).reshape(-1, 5)
    return result[np.lexsort((result[:, 1], result[:, 0]))]


def paint(leaves, shape) -> np.ndarray:
    """The image a set of leaf blocks describes (the inverse of :func:`blocks`)."""
    leaves = np.asarray(leaves, dtype=np.float64).reshape(-1, 5)
    image = np.full(tuple(shape), np.nan)
    for row, col, height, width, value in leaves:
        r, c, h, w = int(row), int(col), int(height), int(width)
        image[r:r + h, c:c + w] = value
    return image


def paint_boxes(boxes, values, bounds, width=600, height=300) -> np.ndarray:
    """Boxes (south, west, north, east) painted into a (height, width) image over ``bounds``.

    Row 0 is the northern edge. Every box fills the pixels it covers, at least one, and
    boxes with larger values are painted last: where several tiny boxes share a pixel it
    shows the largest value (for quadtree leaves coloured by depth: the deepest leaf).
    Pixels no box covers are 0.
    """
    south, west, north, east = (float(v) for v in bounds)
    width = checks.integer(width, "width", 1, 8192)
    height = checks.integer(height, "height", 1, 8192)
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    values = np.asarray(values, dtype=np.float64).ravel()
    if len(values) != len(boxes):
        raise ValueError(f"values must have one entry per box, got {len(values)} for "
                         f"{len(boxes)} boxes")
    x = (boxes[:, [1, 3]] - west) / (east - west) * width
    y = (north - boxes[:, [2, 0]]) / (north - south) * height
    c0 = np.clip(np.floor(x[:, 0] + 1e-9), 0, width - 1).astype(int)
    c1 = np.clip(np.maximum(np.ceil(x[:, 1] - 1e-9), c0 + 1), 1, width).astype(int)
    r0 = np.clip(np.floor(y[:, 0] + 1e-9), 0, height - 1).astype(int)
    r1 = np.clip(np.maximum(np.ceil(y[:, 1] - 1e-9), r0 + 1), 1, height).astype(int)
    # Painting in order of value leaves each pixel the largest value among the boxes that
    # cover it, so compute exactly that, for every covered pixel at once: list each box's
    # pixels (row-major inside the box) and take the maximum per pixel.
    rows, cols = r1 - r0, c1 - c0
    area = rows * cols
    box = np.repeat(np.arange(len(boxes)), area)
    offset = np.arange(area.sum()) - np.repeat(np.cumsum(area) - area, area)
    pixel = (r0[box] + offset // cols[box]) * width + c0[box] + offset % cols[box]
    image = np.full(height * width, -np.inf)
    np.maximum.at(image, pixel, values[box])
    image[image == -np.inf] = 0.0  # pixels no box covers
    return image.reshape(height, width)
