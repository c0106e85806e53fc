"""The base of every strip and strip section: it shows ``model`` and acts through ``mixer``."""
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout


class StripPart(BoxLayout):
    """A strip or a section of one: shows ``model``, acts through ``mixer``.

    Both are required (a ValueError names the missing one).

    Example
    -------
    >>> StripPart(model=mixer.tracks[0], mixer=mixer).model is mixer.tracks[0]
    True
    >>> StripPart(model=mixer.tracks[0])
    Traceback (most recent call last):
    ...
    ValueError: StripPart needs mixer=
    """

    model = ObjectProperty(None)
    mixer = ObjectProperty(None)

    def __init__(self, **kwargs):
        for name in ("model", "mixer"):
            if kwargs.get(name) is None:
                raise ValueError(f"{type(self).__name__} needs {name}=")
        super().__init__(**kwargs)
