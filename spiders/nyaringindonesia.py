"""NyaringIndonesia (nyaringindonesia.com), WordPress.

Everything this spider does comes from `outlets.nyaringindonesia` in config.yaml.
Feeds autodiscovered on the homepage; the theme prints an article twice, which
the shared post-clean step keeps once.
"""

from crawler.crawl.spider import OutletSpider


class NyaringIndonesiaSpider(OutletSpider):
    name = "nyaringindonesia"
