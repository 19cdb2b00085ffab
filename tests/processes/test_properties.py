"""Property: for random step graphs and random failure patterns, a step runs only after every step
it depends on is done, each step ends in the state its own plan and its dependencies imply, and the
process ends done exactly when every step is done."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop.processes import services
from onestop.processes.models import ProcessState, StepState
from onestop.processes.worker import run_until_idle

pytestmark = pytest.mark.django_db
MAX_ATTEMPTS = 3
SUBJECTS = itertools.count(1)
# How a step's handler behaves: fails (retryably) on the first n attempts, or is refused, or never answers.
PLANS = st.one_of(st.integers(0, MAX_ATTEMPTS), st.sampled_from(["permanent", "down"]))


@st.composite
def graphs(draw):
    size = draw(st.integers(1, 7))
    deps = [sorted(draw(st.sets(st.integers(0, i - 1), max_size=i))) if i else [] for i in range(size)]
    plans = [draw(PLANS) for _ in range(size)]
    return deps, plans


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs())
def test_steps_run_after_their_dependencies_and_the_process_is_done_iff_every_step_is(publish, graph):
    deps, plans = graph
    names = [f"s{i}" for i in range(len(deps))]
    steps = [{"name": names[i], "handler": "tests.scripted", "depends_on": [names[d] for d in deps[i]],
              "retry": {"max_attempts": MAX_ATTEMPTS, "base_delay_seconds": 0, "max_delay_seconds": 0}}
             for i in range(len(deps))]
    # Steps are published in reverse so that the engine, not the listing order, decides what runs first.
    process = services.start_process(publish(steps[::-1]), f"prop:{next(SUBJECTS)}",
                                     {"script": {names[i]: plans[i] for i in range(len(deps))}})
    run_until_idle("w1")
    process.refresh_from_db()

    events = list(process.events.all())
    done_at = {e.step: e.id for e in events if e.to_state == StepState.DONE}
    for i, name in enumerate(names):
        starts = [e.id for e in events if e.step == name and e.to_state == StepState.RUNNING]
        for dep in deps[i]:
            assert all(names[dep] in done_at and done_at[names[dep]] < start for start in starts)

    ok: list[bool] = []
    for i in range(len(deps)):  # dependencies have lower indexes
        ok.append(isinstance(plans[i], int) and plans[i] < MAX_ATTEMPTS and all(ok[d] for d in deps[i]))
    states = {s.name: s.state for s in process.steps.all()}
    for i, name in enumerate(names):
        if ok[i]:
            expected = StepState.DONE
        elif all(ok[d] for d in deps[i]):
            expected = StepState.NEEDS_ATTENTION
        else:
            expected = StepState.WAITING
        assert states[name] == expected, (name, plans[i], deps[i])
    all_done = all(state == StepState.DONE for state in states.values())
    assert (process.state == ProcessState.DONE) == all_done
    assert process.state == (ProcessState.DONE if all_done else ProcessState.NEEDS_ATTENTION)
