"""Reading what a site offers to find its articles.

robots.txt, sitemaps, feeds, listings, article pagers and URL keys: pure functions
over downloaded documents, shared by the crawl (`crawler.crawl`) and `asnwatch check`.
"""
