// The roster's type-ahead index (table roster_keys, schema v5), private to the store.
//
// Every student is indexed under folded words: their names, their guardian's name, their
// confirmation code and their phone digits (all of them, and the last 10, 7 and 4, so a
// volunteer can type any of those). A search streams ordered index ranges, best tier first,
// and stops as soon as it has `limit` students, so its cost follows the limit, not the number
// of people matching a short prefix.
//
// Thread safety: as the connection. Errors: SQLite failures as Status; no input text is an
// error (text that folds to no words finds nothing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/store/records.h"
#include "data/sqlite/sqlite.h"
#include "data/status.h"
#include "data/text_fold.h"

namespace stem::roster_index {

// Replaces the index entries of the student stored at `rowid`. Must run inside a transaction.
Status IndexStudent(sql::Connection& db, const TextFolder& folder, int64_t rowid,
                    const Person& student, const std::string& guardian_name);

// The rowids of up to `limit` students of `event_id` matching every word of `text` (each
// word as a whole word or the start of one), best first: a word of the student's own name
// exactly, then as a prefix, then the guardian's name, the code, the phone.
Result<std::vector<int64_t>> Search(sql::Connection& db, const TextFolder& folder,
                                    const std::string& event_id, const std::string& text,
                                    int limit);

}  // namespace stem::roster_index
