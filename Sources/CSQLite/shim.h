// The system's SQLite (Debian's libsqlite3-dev): the one SQLite copy in the process.
#include <sqlite3.h>

// SQLite's destructor sentinels and extended codes are macros Swift cannot import.
static inline sqlite3_destructor_type kabinet_sqlite_static(void) { return SQLITE_STATIC; }
static inline int kabinet_sqlite_constraint_unique(void) { return SQLITE_CONSTRAINT_UNIQUE; }
static inline int kabinet_sqlite_constraint_primary_key(void) { return SQLITE_CONSTRAINT_PRIMARYKEY; }

// `sqlite3_config` is variadic, which Swift cannot call. Memory statistics take one process-wide
// mutex around every allocation SQLite makes; nothing here reads them, and with several reader
// connections on several threads that mutex was where reads waited for each other.
static inline int kabinet_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
