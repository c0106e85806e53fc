"""Shared textures for canvas drawing: text labels and the meter gradient.

Strips draw their scale labels as textured rectangles instead of Label
widgets; the textures are rendered once per (text, size) and shared by every
strip, so 64 strips cost 64 rectangles, not 64 Label layouts.
"""
from kivy.core.text import Label as CoreLabel
from kivy.graphics.texture import Texture

_TEXT_CACHE = {}
_GRADIENT = []


def text_texture(text, font_size, bold=False):
    """The texture of ``text`` rendered at ``font_size`` px (cached).

    Example
    -------
    >>> tex = text_texture("-10", 10)
    >>> tex.size == text_texture("-10", 10).size, tex.height < 20
    (True, True)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    key = (text, int(font_size), bool(bold))
    texture = _TEXT_CACHE.get(key)
    if texture is None:
        label = CoreLabel(text=text, font_size=int(font_size), bold=bold)
        label.refresh()
        texture = _TEXT_CACHE[key] = label.texture
    return texture


def meter_gradient():
    """A 1 x 256 vertical texture: green, yellow from -12 dB, red from -3 dB.

    The meter bars map their level onto it with ``tex_coords`` so the colour
    at a height is the colour of that dB value, whatever the bar's length.

    Example
    -------
    >>> meter_gradient().size
    (1, 256)
    """
    if not _GRADIENT:
        from ..taper import meter_db_to_position
        rows = 256
        yellow = int(meter_db_to_position(-12.0) * rows)
        red = int(meter_db_to_position(-3.0) * rows)
        pixels = bytearray()
        for row in range(rows):
            if row >= red:
                rgb = (235, 60, 50)
            elif row >= yellow:
                rgb = (235, 205, 60)
            else:
                shade = 150 + int(80 * row / max(yellow, 1))
                rgb = (40, shade, 80)
            pixels += bytes((*rgb, 255))
        texture = Texture.create(size=(1, rows), colorfmt="rgba")
        texture.blit_buffer(bytes(pixels), colorfmt="rgba", bufferfmt="ubyte")
        texture.mag_filter = "nearest"
        _GRADIENT.append(texture)
    return _GRADIENT[0]
