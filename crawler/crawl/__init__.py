"""One outlet's crawl inside Scrapy.

The spider and its collaborators, middlewares, item pipelines, settings and the
recording of each run.
"""
