"""Running the job.

Cycles, crawl processes, the daemon and its schedule, notifications, status and
run statistics.
"""
