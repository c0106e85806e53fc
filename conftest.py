"""Root conftest: loads every fixture module in tests/fixtures/ as a plugin.

Each area of the project keeps its shared fixtures in its own file there
(``tests/fixtures/<area>.py``), so no single conftest grows into a god file.
"""
from pathlib import Path

pytest_plugins = sorted(
    f"tests.fixtures.{p.stem}"
    for p in (Path(__file__).parent / "tests" / "fixtures").glob("*.py")
    if p.stem != "__init__"
)
