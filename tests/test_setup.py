"""The project's set-up: pins, conda environment, notebooks stored clean, every command documented."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from lavrovkit.cli import build_parser

from .conftest import ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.lower())


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "==" in line:
            name, version = line.split("==", 1)
            pins[_norm(name)] = version
    return pins


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_norm(re.split(r"[<>=\[ ;!~]", d)[0]) for d in deps}


def test_environment_yml_lists_the_same_pinned_dependencies_as_pyproject() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda = {}
    for spec in pip_section:
        name, version = spec.split("==")
        conda[_norm(name.split("[")[0])] = version
    assert set(conda) == _declared()
    pins = _pins()
    for name, version in conda.items():
        assert pins.get(name) == version, f"environment.yml pins {name}=={version}, constraints.txt {pins.get(name)}"


def test_every_dependency_is_pinned_in_constraints() -> None:
    pins = _pins()
    missing = sorted(_declared() - set(pins))
    assert not missing, f"not pinned in constraints.txt: {missing}"


def test_notebooks_are_stored_without_outputs() -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [], f"{path.name} has stored outputs"
                assert cell.get("execution_count") is None, f"{path.name} has execution counts"
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
        source = "".join(tagged[0]["source"])
        for name in ("corpus", "pattern", "start", "end"):
            assert re.search(rf"^{name}\s*=", source, re.MULTILINE), f"{path.name} lacks parameter {name}"


def _subcommands() -> list[list[str]]:
    parser = build_parser()
    found = []
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():
            nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
            if nested:
                found.extend([name, n] for n in nested[0].choices)
            else:
                found.append([name])
    return found


@pytest.mark.parametrize("command", _subcommands(), ids=" ".join)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    out = subprocess.run([sys.executable, "-m", "lavrovkit.cli", *command, "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "example" in out and "lavrovkit " + command[0] in out


def test_notebooks_use_only_the_public_api_and_one_set_up_call() -> None:
    import lavrovkit as lk

    public = set(lk.__all__)
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        code = ["".join(c["source"]) for c in cells]
        used = set(re.findall(r"\blk\.(\w+)", "\n".join(code)))
        assert used <= public, (path.name, sorted(used - public))
        assert not re.search(r"^\s*(from|import) lavrovkit\.", "\n".join(code), re.MULTILINE), path.name
        assert "lk.study_setup(globals())" in code[1], path.name
        assert code[-1].strip().endswith("study.footer()"), path.name
        params = code[0]
        for option in ("corpus", "pattern", "catalog", "catalog_on", "text_column", "id_column", "start", "end",
                       "duplicates"):
            assert re.search(rf"^{option} = ", params, re.MULTILINE), (path.name, option)
