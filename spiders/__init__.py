"""One small spider per outlet; the machinery is `crawler.crawl.spider.OutletSpider`."""
