"""The Mesa model of a community: parameters, network, step plan, policies, metrics."""
