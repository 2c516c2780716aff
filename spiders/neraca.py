"""Neraca (neraca.co.id), economic daily.

Everything this spider does comes from `outlets.neraca` in config.yaml.
Category listings `/kategori/<slug>` and search; dates printed as
`Kamis, 26/03/2026` (`extraction.date_xpath`); related and most-read blocks pruned.
"""

from crawler.crawl.spider import OutletSpider


class NeracaSpider(OutletSpider):
    name = "neraca"
