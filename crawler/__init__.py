"""asnwatch: a monitoring crawler for Indonesian news on the neutrality of civil servants (ASN)."""
