"""The povkg benchmark: a synthetic nationwide graph, a fixed query mix and an HTTP runner."""
