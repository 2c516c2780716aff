"""Scrapy settings: the defaults of every asnwatch crawl, in one place.

Values a user tunes come from `config.yaml` (`crawl:`) and are applied by
`crawler.crawl.spider.OutletSpider.update_settings` at "spider" priority; anything
given with `scrapy crawl -s NAME=VALUE` still wins (tests use that to turn the
politeness delay off against the local replica).
"""

BOT_NAME = "asnwatch"
# One spider per outlet in the config (crawler.crawl.spiderloader); an outlet with a class
# in SPIDER_MODULES gets that class, any other outlet a generic OutletSpider of its name.
SPIDER_LOADER_CLASS = "crawler.crawl.spiderloader.OutletSpiderLoader"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# The config file; overridden by -s ASNWATCH_CONFIG=... or $ASNWATCH_CONFIG.
ASNWATCH_CONFIG = None
# The crawl_runs row a parent process created for this crawl (None: create one).
ASNWATCH_RUN_ID = None

# Manners (the project template's polite defaults, tightened).
ROBOTSTXT_OBEY = True
# Scrapy's Protego parser, as `crawler.discovery.robots` names it: `asnwatch check` reads
# robots.txt with the same class.
ROBOTSTXT_PARSER = "crawler.discovery.robots.RobotsRules"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # +-50% (RANDOMIZE_DOWNLOAD_DELAY is deprecated in Scrapy 2.19)
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
# A body cut short (connection reset mid-body) is an error, so it is retried at once like
# any other network failure; with False, Scrapy hands over the partial body, which would lose
# an article for a cycle and let a truncated sitemap or feed store its validators (never re-read).
DOWNLOAD_FAIL_ON_DATALOSS = True
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0  # seconds; doubled per attempt, capped by RETRY_BACKOFF_MAX
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0  # a longer Retry-After gives the URL up until the next cycle

# Defaults of two config.yaml keys (crawl.max_sitemap_bytes, crawl.max_new_articles_per_run).
# Sitemaps may be far bigger than pages: the protocol allows 50,000 URLs and 50 MB
# uncompressed per file. This caps a sitemap's download and its gunzipped size instead of
# DOWNLOAD_MAXSIZE, in the crawl and in `asnwatch check` alike (crawler.discovery.sitemaps).
ASNWATCH_SITEMAP_MAXSIZE = 50_000_000
# New article URLs one crawl of one outlet requests at most; further unseen candidates are
# counted (asnwatch/articles/deferred) and left for later runs, so a sitemap listing
# 100,000 unseen URLs costs one run ~1,000 fetches (about the outlet time limit at the
# default politeness delay), not 100,000 requests held in memory. 0: no cap.
ASNWATCH_MAX_NEW_ARTICLES = 1000

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a request to another host is dropped before anything is fetched.
    "crawler.crawl.middlewares.SameSiteOnlyMiddleware": 50,
    # Scrapy's, fixed: every waiting request gets the parser; an unreachable robots.txt
    # disallows everything (RFC 9309).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.crawl.middlewares.StrictRobotsTxtMiddleware": 100,
    "crawler.crawl.middlewares.ConditionalGetMiddleware": 580,
    # After RedirectMiddleware (600), so it sees a 3xx first: a loop is counted, not lost.
    "crawler.crawl.middlewares.RedirectLoopMiddleware": 610,
    # Replaces Scrapy's RetryMiddleware with one that backs off and honours Retry-After.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.crawl.middlewares.BackoffRetryMiddleware": 550,
}

ITEM_PIPELINES = {
    "crawler.crawl.pipelines.ExtractionPipeline": 100,
    "crawler.crawl.pipelines.TopicPipeline": 200,
    "crawler.crawl.pipelines.StoragePipeline": 300,
}

EXTENSIONS = {
    "crawler.crawl.runstats.RunRecorder": 100,
}

LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.crawl.pipelines.OutcomeLogFormatter"
LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
