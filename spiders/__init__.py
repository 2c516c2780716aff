"""One small spider per outlet; the machinery is `crawler.spider.OutletSpider`."""
