"""Definitions as data: what a valid step graph is, and the specific error for each fault."""

import pytest

from onestop.processes.definition import DefinitionError, RetryPolicy, parse_definition

KNOWN = {"a.run", "b.run"}.__contains__


def _parse(steps):
    return parse_definition({"title": "测试", "steps": steps}, KNOWN)


def _error(steps) -> DefinitionError:
    with pytest.raises(DefinitionError) as err:
        _parse(steps)
    return err.value


def test_steps_come_in_an_order_where_dependencies_go_first():
    definition = _parse([
        {"name": "join", "handler": "a.run", "depends_on": ["left", "right"]},
        {"name": "right", "handler": "b.run", "depends_on": ["start"]},
        {"name": "left", "handler": "a.run", "depends_on": ["start"]},
        {"name": "start", "handler": "a.run"},
    ])
    order = [s.name for s in definition.steps]
    assert order[0] == "start" and order[-1] == "join"
    assert definition.step("join").depends_on == ("left", "right")
    assert definition.step("start").retry == RetryPolicy() and definition.step("start").timeout_seconds == 60


def test_it_rejects_an_unknown_handler():
    error = _error([{"name": "seal", "handler": "business.seal"}])
    assert error.code == "unknown_handler" and "business.seal" in error.message and "seal" in error.message


def test_it_rejects_an_unknown_dependency():
    error = _error([{"name": "seal", "handler": "a.run", "depends_on": ["register"]}])
    assert (error.code, error.message) == ("unknown_dependency", "步骤 seal 依赖的步骤 register 不存在")


def test_it_rejects_a_cycle_and_names_it():
    error = _error([
        {"name": "a", "handler": "a.run", "depends_on": ["c"]},
        {"name": "b", "handler": "a.run", "depends_on": ["a"]},
        {"name": "c", "handler": "a.run", "depends_on": ["b"]},
    ])
    assert error.code == "cycle" and error.message.startswith("步骤之间存在循环依赖：")
    assert all(name in error.message for name in "abc")


def test_it_rejects_a_step_depending_on_itself():
    assert _error([{"name": "a", "handler": "a.run", "depends_on": ["a"]}]).code == "cycle"


def test_it_rejects_duplicate_step_names():
    error = _error([{"name": "a", "handler": "a.run"}, {"name": "a", "handler": "b.run"}])
    assert (error.code, error.message) == ("duplicate_step", "步骤名称 a 重复出现")


@pytest.mark.parametrize(("step", "code"), [
    ({"name": "Bad Name", "handler": "a.run"}, "bad_step_name"),
    ({"name": "a"}, "malformed"),
    ({"name": "a", "handler": "a.run", "depends_on": "b"}, "malformed"),
    ({"name": "a", "handler": "a.run", "colour": "red"}, "malformed"),
    ({"name": "a", "handler": "a.run", "timeout_seconds": 0}, "bad_timeout"),
    ({"name": "a", "handler": "a.run", "timeout_seconds": True}, "bad_timeout"),
    ({"name": "a", "handler": "a.run", "retry": {"max_attempts": 0}}, "bad_retry"),
    ({"name": "a", "handler": "a.run", "retry": {"base_delay_seconds": 10, "max_delay_seconds": 5}}, "bad_retry"),
    ({"name": "a", "handler": "a.run", "retry": {"tries": 3}}, "bad_retry"),
    ("a", "malformed"),
])
def test_it_rejects_a_malformed_step(step, code):
    assert _error([step]).code == code


@pytest.mark.parametrize(("spec", "code"), [(None, "malformed"), ({"steps": []}, "no_steps"),
                                            ({"steps": {}}, "malformed")])
def test_it_rejects_a_malformed_definition(spec, code):
    with pytest.raises(DefinitionError) as err:
        parse_definition(spec, KNOWN)
    assert err.value.code == code


def test_back_off_doubles_up_to_its_ceiling_with_half_of_it_random():
    policy = RetryPolicy(max_attempts=10, base_delay_seconds=2, max_delay_seconds=30)
    assert [policy.delay(n, rand=lambda: 0.0) for n in (1, 2, 3, 4, 5, 6)] == [1, 2, 4, 8, 15, 15]
    assert [policy.delay(n, rand=lambda: 1.0) for n in (1, 2, 3, 4, 5, 6)] == [2, 4, 8, 16, 30, 30]
