"""Abadikini (abadikini.com), WordPress.

Everything this spider does comes from `outlets.abadikini` in config.yaml.
Sitemaps named in robots.txt (index, gzip post sitemaps, news sitemap); the
theme's ad-block notice, back-to-top button and spam link block are pruned.
"""

from crawler.crawl.spider import OutletSpider


class AbadikiniSpider(OutletSpider):
    name = "abadikini"
