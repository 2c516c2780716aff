"""The daemon's schedule: when the next cycle is due, from the config and the last cycle.

No persistent job store (see docs/ARCHITECTURE.md): the schedule is rebuilt
from `schedule:` in config.yaml at each start and anchored on the start time
of the last scheduled cycle recorded in the database. A due time already past
runs once, now, never once per missed slot; one cycle at a time
(`max_instances=1`: a cycle due while one runs is skipped and reported).
APScheduler's one-second default misfire grace would silently drop late runs
(docs/library-facts.md); here the grace is unlimited and runs coalesce.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from tzlocal import get_localzone

from crawler.config.model import ScheduleConfig

TRIGGER = "schedule"  # cycles.trigger of the daemon's cycles: the schedule's anchor
JOB_ID = "asnwatch-cycle"

_CRON_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _cron_day(value: str) -> int:
    text = value.strip().lower()
    if text.isdigit() and int(text) <= 7:
        return int(text) % 7
    if text in _CRON_DAYS:
        return _CRON_DAYS.index(text)
    raise ValueError(f"invalid day of week {value!r}")


def cron_weekdays(field: str) -> str:
    """A crontab day-of-week field in APScheduler 3's terms.

    APScheduler 3 counts days from 0 = Monday (its `from_crontab` warns about
    it); crontab from 0 = Sunday (7 too). The days are translated to names,
    which mean the same to both, so "1-5" stays Monday to Friday.
    """
    days: set[int] = set()
    for part in field.split(","):
        spec, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"invalid step in day of week {part!r}")
        if spec in ("*", "?"):
            first, last = 0, 6
        elif "-" in spec:
            low, high = spec.split("-", 1)
            first, last = _cron_day(low), _cron_day(high)
            last = 7 if high.strip() == "7" else last
            if last < first:
                raise ValueError(f"invalid day-of-week range {spec!r}")
        else:
            first = _cron_day(spec)
            last = 6 if step_text else first
        days.update(day % 7 for day in range(first, last + 1, step))
    if days == set(range(7)):
        return "*"
    return ",".join(_CRON_DAYS[day] for day in sorted(days))


def cron_trigger(
    expression: str, *, timezone: tzinfo | None = None, jitter: int | None = None
) -> CronTrigger:
    """A crontab expression (minute hour day month weekday) as cron means it.

    Times are in the machine's local time zone, as with cron itself.
    """
    minute, hour, day, month, weekday = expression.split()
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=cron_weekdays(weekday),
        timezone=timezone or get_localzone(),
        jitter=jitter,
    )


def interval(schedule: ScheduleConfig) -> timedelta:
    return timedelta(minutes=schedule.interval_minutes or 60)


def schedule_due(
    schedule: ScheduleConfig, last_start: datetime | None, now: datetime
) -> datetime | None:
    """When the next scheduled cycle is due, given when the last one started (no jitter).

    None: no scheduled cycle yet on an interval schedule, so one is due at once.
    """
    if schedule.cron:
        # A second past the last start, or a start exactly on a slot would be due again.
        after = last_start + timedelta(seconds=1) if last_start else now
        due = cron_trigger(schedule.cron).get_next_fire_time(None, after)
        return due.astimezone(UTC) if due else None
    return last_start + interval(schedule) if last_start else None


def first_run_time(
    schedule: ScheduleConfig, last_start: datetime | None, now: datetime
) -> datetime:
    """The first cycle after a (re)start: when due, or now if that is past (once, however late)."""
    due = schedule_due(schedule, last_start, now)
    return now if due is None or due <= now else due


def job_trigger(schedule: ScheduleConfig, start: datetime) -> BaseTrigger:
    """The trigger for the cycles after the first (APScheduler computes those from it)."""
    jitter = schedule.jitter_seconds or None
    if schedule.cron:
        return cron_trigger(schedule.cron, jitter=jitter)
    return IntervalTrigger(
        seconds=interval(schedule).total_seconds(), start_date=start, timezone=UTC, jitter=jitter
    )


def when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat() if moment else "never"


class ScheduledJob(Protocol):
    """What the scheduler runs: the cycle, and what it reports back (`CycleSupervisor`)."""

    next_run_time: Callable[[], datetime | None]

    def run_scheduled(self) -> None: ...

    def on_skipped(self, event: JobEvent) -> None: ...


def start_scheduler(
    schedule: ScheduleConfig, job: ScheduledJob, last_start: datetime | None
) -> tuple[BackgroundScheduler, datetime]:
    """The scheduler with the cycle job, rebuilt from the config; and the first run time.

    `last_start` is when the last scheduled cycle started (None: none yet).
    The job learns how to read its next run time through `job.next_run_time`.
    """
    now = datetime.now(UTC)
    first = first_run_time(schedule, last_start, now)
    first += timedelta(seconds=random.uniform(0, schedule.jitter_seconds))
    scheduler = BackgroundScheduler(
        timezone=UTC, executors={"default": ThreadPoolExecutor(max_workers=1)}
    )
    scheduler.add_listener(job.on_skipped, EVENT_JOB_MAX_INSTANCES)
    scheduler.add_job(
        job.run_scheduled,
        trigger=job_trigger(schedule, first),
        id=JOB_ID,
        name="asnwatch cycle",
        next_run_time=first,  # explicit: a trigger would round a past start up to its grid
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,  # late (suspend, a long cycle) runs once, never silently not
    )

    def next_run_time() -> datetime | None:
        scheduled = scheduler.get_job(JOB_ID)
        return scheduled.next_run_time if scheduled else None

    job.next_run_time = next_run_time
    scheduler.start()
    return scheduler, first
