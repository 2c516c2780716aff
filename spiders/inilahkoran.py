"""Inilah Koran (inilahkoran.com), Bandung.

Everything this spider does comes from `outlets.inilahkoran` in config.yaml.
Sitemaps named in robots.txt and the latest-news index `/berita?page=N`; long
articles are split over `?page=N` pages, joined into one story through
`article_pages.pager_xpath`.
"""

from crawler.crawl.spider import OutletSpider


class InilahKoranSpider(OutletSpider):
    name = "inilahkoran"
