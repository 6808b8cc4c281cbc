#include "modules/notifications/recipient_store.hpp"

#include <soci/soci.h>

#include <string_view>

namespace guildhall::notifications {

namespace {

// As in identity/contact_fields.hpp (kAccountMobileField, kAccountEmailField).
constexpr std::string_view kAccountMobileField = "accounts.mobile";
constexpr std::string_view kAccountEmailField = "accounts.email";

}  // namespace

std::vector<Recipient> RecipientStore::find(
    soci::session& sql, const std::vector<std::string>& tenant_slugs,
    const std::optional<std::vector<std::string>>& account_ids) const {
  std::vector<Recipient> out;
  if (tenant_slugs.empty() || (account_ids && account_ids->empty())) {
    return out;
  }
  // Placeholders only; every value is bound.
  std::string query =
      "SELECT DISTINCT a.id, a.mobile_cipher, a.email_cipher FROM accounts a JOIN account_roles "
      "r ON "
      "r.account_id = a.id WHERE a.status = 'active' AND r.tenant_slug IN (";
  for (std::size_t i = 0; i < tenant_slugs.size(); ++i) {
    query += (i == 0 ? ":t" : ", :t") + std::to_string(i);
  }
  query += ")";
  if (account_ids) {
    query += " AND a.id IN (";
    for (std::size_t i = 0; i < account_ids->size(); ++i) {
      query += (i == 0 ? ":a" : ", :a") + std::to_string(i);
    }
    query += ")";
  }
  query += " ORDER BY a.id";
  Recipient row;
  std::string mobile;
  std::string email;
  soci::indicator mobile_indicator = soci::i_null;
  soci::indicator email_indicator = soci::i_null;
  soci::statement st(sql);
  st.exchange(soci::into(row.account_id));
  st.exchange(soci::into(mobile, mobile_indicator));
  st.exchange(soci::into(email, email_indicator));
  for (const auto& slug : tenant_slugs) {
    st.exchange(soci::use(slug));
  }
  if (account_ids) {
    for (const auto& id : *account_ids) {
      st.exchange(soci::use(id));
    }
  }
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    row.mobile = mobile_indicator == soci::i_ok && !mobile.empty()
                     ? std::optional(cipher_.decrypt(mobile, kAccountMobileField, row.account_id))
                     : std::nullopt;
    row.email = email_indicator == soci::i_ok && !email.empty()
                    ? std::optional(cipher_.decrypt(email, kAccountEmailField, row.account_id))
                    : std::nullopt;
    out.push_back(row);
  }
  return out;
}

}  // namespace guildhall::notifications
