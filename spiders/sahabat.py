"""Sahabat (sahabat.com), republishes ANTARA stories.

Everything this spider does comes from `outlets.sahabat` in config.yaml.
RSS feed, sitemap and search; its ANTARA stories also appear on other outlets,
which deduplication stores once.
"""

from crawler.crawl.spider import OutletSpider


class SahabatSpider(OutletSpider):
    name = "sahabat"
