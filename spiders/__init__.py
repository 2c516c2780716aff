"""The named spiders of the design's five outlets; `crawler.crawl.spider.OutletSpider` crawls.

An outlet needs no file here: `crawler.crawl.spiderloader` gives every outlet in
the config a spider, and uses the class from here whose name is the outlet's.
"""
