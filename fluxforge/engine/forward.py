"""Engine methods that are methods of the engine's parts.

:class:`fluxforge.engine.Engine` is built from parts (tracks, buses, voices,
ducking); ``add_track = PartMethod("_tracks", Tracks.add_track)`` in its class
body makes ``engine.add_track(...)`` call ``engine._tracks.add_track(...)``.
On the class the attribute is the part's function, so ``help()``,
``inspect.signature`` and the docs show its signature and docstring; on an
engine it is the part's bound method, stored in the engine's ``__dict__`` at
first use, so later calls cost exactly what a call to the part costs.
:func:`fast_path` does the same for a method written out (and documented) in
the engine's class whose body only calls the same method of a compiled part:
the per-frame calls then skip the Python frame of that body. A part
that must call back into the engine gets a :func:`weak_callable`, so the
engine is never kept alive by its own parts (it is freed, with its C state,
as soon as its last user lets go of it).

Example
-------
>>> class Counter:
...     def bump(self, by=1):
...         "Add ``by``."
...         self.n = getattr(self, "n", 0) + by
...         return self.n
>>> class Owner:
...     def __init__(self):
...         self._counter = Counter()
...     bump = PartMethod("_counter", Counter.bump)
>>> owner = Owner()
>>> owner.bump(), owner.bump(by=2), Owner.bump.__doc__
(1, 3, 'Add ``by``.')
"""
import weakref


class PartMethod:
    """A method of the part stored in attribute ``part``, under the function's own name."""

    def __init__(self, part, function):
        self.part = part
        self.function = function
        self.__doc__ = function.__doc__
        self.__module__ = function.__module__      # where doctest finds its examples

    def __set_name__(self, owner, name):
        if name != self.function.__name__:
            raise TypeError(f"{owner.__name__}.{name} must forward to a method named {name!r}, "
                            f"not {self.function.__qualname__}")

    def __get__(self, instance, owner=None):
        if instance is None:
            return self.function
        bound = getattr(getattr(instance, self.part), self.function.__name__)
        instance.__dict__[self.function.__name__] = bound
        return bound


def fast_path(part):
    """Decorator: the method's calls on an instance go straight to ``part``'s method.

    The decorated function documents the method and shows the delegation
    (its body calls the part's method of the same name); instances use the
    part's bound method itself.

    Example
    -------
    >>> class Owner:
    ...     def __init__(self):
    ...         self._items = []
    ...     @fast_path("_items")
    ...     def append(self, item):
    ...         "Add ``item``."
    ...         return self._items.append(item)
    >>> owner = Owner(); owner.append(3); owner._items, owner.append == owner._items.append
    ([3], True)
    """
    def decorate(function):
        return PartMethod(part, function)
    return decorate


def weak_callable(method):
    """A function calling the bound ``method`` while its object lives (then doing nothing).

    Example
    -------
    >>> class Engine:
    ...     def service(self):
    ...         print("serviced")
    >>> engine = Engine(); call = weak_callable(engine.service)
    >>> call()
    serviced
    >>> del engine; call()
    """
    ref = weakref.WeakMethod(method)

    def call():
        bound = ref()
        if bound is not None:
            bound()
    return call
