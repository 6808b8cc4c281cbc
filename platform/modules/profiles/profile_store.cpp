#include "modules/profiles/profile_store.hpp"

#include <soci/soci.h>

namespace guildhall::profiles {

std::optional<ProfileRow> ProfileStore::find(soci::session& sql,
                                             const std::string& account_id) const {
  ProfileRow row;
  std::string cipher;
  std::string index;
  soci::indicator cipher_ind = soci::i_null;
  soci::indicator index_ind = soci::i_null;
  sql << "SELECT account_id, realm_slug, data_json, protected_cipher, id_number_index, "
         "created_at, updated_at FROM profiles WHERE account_id = :id",
      soci::into(row.account_id), soci::into(row.realm), soci::into(row.data_json),
      soci::into(cipher, cipher_ind), soci::into(index, index_ind), soci::into(row.created_at),
      soci::into(row.updated_at), soci::use(account_id);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  if (cipher_ind == soci::i_ok) {
    row.protected_cipher = cipher;
  }
  if (index_ind == soci::i_ok) {
    row.id_number_index = index;
  }
  return row;
}

void ProfileStore::save(soci::session& tx, const ProfileRow& row) const {
  const std::string cipher = row.protected_cipher.value_or("");
  const std::string index = row.id_number_index.value_or("");
  soci::indicator cipher_ind = row.protected_cipher ? soci::i_ok : soci::i_null;
  soci::indicator index_ind = row.id_number_index ? soci::i_ok : soci::i_null;
  int existing = 0;
  tx << "SELECT COUNT(*) FROM profiles WHERE account_id = :id", soci::into(existing),
      soci::use(row.account_id);
  if (existing == 0) {
    tx << "INSERT INTO profiles (account_id, realm_slug, data_json, protected_cipher, "
          "id_number_index, created_at, updated_at) VALUES (:a, :r, :d, :c, :i, :cr, :up)",
        soci::use(row.account_id), soci::use(row.realm), soci::use(row.data_json),
        soci::use(cipher, cipher_ind), soci::use(index, index_ind), soci::use(row.created_at),
        soci::use(row.updated_at);
    return;
  }
  tx << "UPDATE profiles SET data_json = :d, protected_cipher = :c, id_number_index = :i, "
        "updated_at = :up WHERE account_id = :a",
      soci::use(row.data_json), soci::use(cipher, cipher_ind), soci::use(index, index_ind),
      soci::use(row.updated_at), soci::use(row.account_id);
}

std::optional<std::string> ProfileStore::owner_of_id_number(soci::session& sql,
                                                            const std::string& realm,
                                                            const std::vector<std::string>& indexes,
                                                            const std::string& except) const {
  for (const auto& index : indexes) {
    std::string owner;
    sql << "SELECT account_id FROM profiles WHERE realm_slug = :r AND id_number_index = :i "
           "AND account_id <> :e",
        soci::into(owner), soci::use(realm), soci::use(index), soci::use(except);
    if (sql.got_data()) {
      return owner;
    }
  }
  return std::nullopt;
}

std::vector<std::string> ProfileStore::locked_fields(soci::session& sql,
                                                     const std::string& account_id,
                                                     const std::string& holder) const {
  std::vector<std::string> out;
  soci::rowset<std::string> rows =
      (sql.prepare << "SELECT field_key FROM profile_locks WHERE account_id = :a AND holder = :h "
                      "ORDER BY field_key",
       soci::use(account_id), soci::use(holder));
  for (const auto& field : rows) {
    out.push_back(field);
  }
  return out;
}

std::vector<std::string> ProfileStore::locked_by_others(soci::session& sql,
                                                        const std::string& account_id,
                                                        const std::string& holder) const {
  std::vector<std::string> out;
  soci::rowset<std::string> rows =
      (sql.prepare << "SELECT DISTINCT field_key FROM profile_locks WHERE account_id = :a AND "
                      "holder <> :h ORDER BY field_key",
       soci::use(account_id), soci::use(holder));
  for (const auto& field : rows) {
    out.push_back(field);
  }
  return out;
}

std::vector<std::string> ProfileStore::locked_fields(soci::session& sql,
                                                     const std::string& account_id) const {
  std::vector<std::string> out;
  soci::rowset<std::string> rows =
      (sql.prepare << "SELECT DISTINCT field_key FROM profile_locks WHERE account_id = :a "
                      "ORDER BY field_key",
       soci::use(account_id));
  for (const auto& field : rows) {
    out.push_back(field);
  }
  return out;
}

void ProfileStore::lock(soci::session& tx, const std::string& account_id,
                        const std::vector<std::string>& fields, const std::string& holder,
                        long long now) const {
  for (const auto& field : fields) {
    int present = 0;
    tx << "SELECT COUNT(*) FROM profile_locks WHERE account_id = :a AND field_key = :f AND "
          "holder = :h",
        soci::into(present), soci::use(account_id), soci::use(field), soci::use(holder);
    if (present == 0) {
      tx << "INSERT INTO profile_locks (account_id, field_key, holder, locked_at) "
            "VALUES (:a, :f, :h, :t)",
          soci::use(account_id), soci::use(field), soci::use(holder), soci::use(now);
    }
  }
}

void ProfileStore::unlock(soci::session& tx, const std::string& account_id,
                          const std::string& holder) const {
  tx << "DELETE FROM profile_locks WHERE account_id = :a AND holder = :h", soci::use(account_id),
      soci::use(holder);
}

}  // namespace guildhall::profiles
