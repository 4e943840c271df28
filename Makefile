# Thin wrappers; `make test` is the one command that runs every test (CI runs the same).
.PHONY: all setup build test lint report bench bench-python header wheel
all: build
setup:
	bash .ci/run setup
build: setup
	cargo build --workspace --locked
	.venv/bin/maturin develop --locked -m bildung-py/Cargo.toml
test:
	bash .ci/run
lint:
	bash .ci/run lint
report:
	cargo run --release --locked -p bildung-cli -- report
bench:
	cargo bench --locked -p bildung-benches
bench-python: setup
	.venv/bin/maturin develop --release --locked -m bildung-py/Cargo.toml
	.venv/bin/pip install -q -r benches/python/requirements.txt
	.venv/bin/python benches/python/compare_inequality.py
	.venv/bin/python benches/python/compare_segregation.py
	.venv/bin/python benches/python/compare_rates.py
	.venv/bin/python benches/python/compare_smallarea.py
	.venv/bin/python benches/python/compare_disclosure.py
	cargo run --release --locked -p bildung-benches --example indicators_memory -- --repeats 1 --write target/bench-indicators
	.venv/bin/python benches/python/compare_indicators.py --data target/bench-indicators
header:
	BLESS=1 cargo test --locked -p bildung-ffi --test header
wheel: setup
	.venv/bin/maturin build --release --locked -m bildung-py/Cargo.toml -o dist
