"""Background jobs: a Huey queue (SQLite file in the embedded default, Redis when REDIS_URL is
set), a `jobs` table holding status and progress for the API, and handlers registered by kind."""
