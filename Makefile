.PHONY: run test build format lint migrate

run:            ## Serve on 127.0.0.1:8080 with SQLite in ./pomo-data
	swift run pomod

test:           ## Every test, on SQLite and on a throwaway PostgreSQL cluster
	./scripts/test.sh

build:
	swift build --build-tests

format:
	swift format --in-place --recursive --configuration .swift-format Sources Tests Package.swift

lint:
	swift format lint --strict --recursive --configuration .swift-format Sources Tests Package.swift

migrate:        ## Apply pending migrations to the configured database and exit
	swift run pomod migrate
