"""Scrapy settings: the defaults of every asnwatch crawl, in one place.

Values a user tunes come from `config.yaml` (`crawl:`) and are applied by
`crawler.spider.OutletSpider.update_settings` at "spider" priority; anything
given with `scrapy crawl -s NAME=VALUE` still wins (tests use that to turn the
politeness delay off against the local replica).
"""

BOT_NAME = "asnwatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# The config file; overridden by -s ASNWATCH_CONFIG=... or $ASNWATCH_CONFIG.
ASNWATCH_CONFIG = None
# The crawl_runs row a parent process created for this crawl (None: create one).
ASNWATCH_RUN_ID = None

# Manners (the project template's polite defaults, tightened).
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Robustness: time-outs, a real size cap (the default is 1 GiB), bounded redirects.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 2_000_000
DOWNLOAD_FAIL_ON_DATALOSS = False  # a truncated body is kept, flagged, and judged by extraction
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0  # seconds; doubled per attempt, capped by RETRY_BACKOFF_MAX
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0  # a longer Retry-After gives the URL up until the next cycle

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a request to another host is dropped before anything is fetched.
    "crawler.middlewares.SameSiteOnlyMiddleware": 50,
    "crawler.middlewares.ConditionalGetMiddleware": 580,
    # Replaces Scrapy's RetryMiddleware with one that backs off and honours Retry-After.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractionPipeline": 100,
    "crawler.pipelines.TopicPipeline": 200,
    "crawler.pipelines.StoragePipeline": 300,
}

EXTENSIONS = {
    "crawler.runstats.RunRecorder": 100,
}

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
