#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "identity_fixture.hpp"

namespace guildhall::identity::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// The stable code of the AppError `f` throws, or "" when it throws none.
template <typename F>
std::string error_code(F&& f) {
  try {
    f();
  } catch (const core::AppError& e) {
    return e.code();
  }
  return {};
}

class IdentityServiceTest : public IdentityFixture {};

TEST_P(IdentityServiceTest, RegisterWithAnSmsCodeThenSignInByPasswordAndByCode) {
  EXPECT_EQ(error_code([&] {
              service_->register_account(tenant("med-tj"),
                                         {"13800138000", "000000", "Harbour-Lights-7", {}}, ctx_);
            }),
            "validation_failed");  // no code was sent

  const auto registered =
      register_at("med-tj", "138 0013 8000", "Harbour-Lights-7", "li@example.test");
  EXPECT_EQ(registered.account.mobile, "13800138000");
  EXPECT_EQ(registered.account.realm, "med");
  const auto principal = service_->authenticate(registered.session_token);
  ASSERT_TRUE(principal);
  EXPECT_TRUE(principal->holds(Role::member, "med-tj"));
  EXPECT_FALSE(principal->is_admin());

  // The same phone in another realm is another account; in the same realm it is taken.
  // The number is taken in realm med, so no registration code goes out, yet the answer is the
  // same as for a free number.
  const auto sent = messages_to("13800138000");
  EXPECT_EQ(service_->request_sms_code(tenant("med-lung"), "13800138000",
                                       SmsPurpose::register_account, ctx_),
            60);
  EXPECT_EQ(messages_to("13800138000"), sent);
  clock_.advance(seconds(61));

  const auto by_password =
      service_->sign_in_with_password(tenant("med"), "+86 13800138000", "Harbour-Lights-7", ctx_);
  EXPECT_EQ(by_password.account.id, registered.account.id);
  EXPECT_NE(by_password.session_token, registered.session_token);  // a new id at every sign-in

  const auto before = messages_to("13800138000");
  service_->request_sms_code(tenant("med-tj"), "13800138000", SmsPurpose::sign_in, ctx_);
  EXPECT_EQ(messages_to("13800138000"), before + 1);
  const auto code = last_code("13800138000");
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_code(tenant("med-tj"), "13800138000",
                                          code == "000000" ? "000001" : "000000", ctx_);
            }),
            "invalid_credentials");
  const auto by_code = service_->sign_in_with_code(tenant("med-tj"), "13800138000", code, ctx_);
  EXPECT_EQ(by_code.account.id, registered.account.id);
  // Single use.
  EXPECT_EQ(
      error_code([&] { service_->sign_in_with_code(tenant("med-tj"), "13800138000", code, ctx_); }),
      "invalid_credentials");
}

TEST_P(IdentityServiceTest, RegistrationRefusesWeakPasswordsAndTakenNumbers) {
  service_->request_sms_code(tenant("med"), "13900139000", SmsPurpose::register_account, ctx_);
  const auto code = last_code("13900139000");
  try {
    service_->register_account(tenant("med"), {"13900139000", code, "12345678", std::string("bad")},
                               ctx_);
    FAIL() << "accepted a common password";
  } catch (const core::AppError& e) {
    ASSERT_EQ(e.fields().size(), 2U);
    EXPECT_EQ(e.fields()[0].field, "password");
    EXPECT_EQ(e.fields()[0].code, "too_common");
    EXPECT_EQ(e.fields()[1].field, "email");
  }
  clock_.advance(seconds(61));
  register_at("med", "13900139000", "Quiet-River-2024");
  // No code goes to a number that is registered already, and the answer is the same.
  const auto sent = messages_to("13900139000");
  clock_.advance(seconds(61));
  EXPECT_EQ(service_->request_sms_code(tenant("med-tj"), "13900139000",
                                       SmsPurpose::register_account, ctx_),
            60);
  EXPECT_EQ(messages_to("13900139000"), sent);
}

TEST_P(IdentityServiceTest, SmsCodesExpireAllowFiveGuessesAndAreThrottledPerPhone) {
  service_->request_sms_code(tenant("med"), "13700137000", SmsPurpose::register_account, ctx_);
  const auto code = last_code("13700137000");
  const auto wrong = code == "111111" ? "222222" : "111111";
  EXPECT_EQ(error_code([&] {
              service_->request_sms_code(tenant("med"), "13700137000", SmsPurpose::register_account,
                                         ctx_);
            }),
            "too_many_requests");  // 60 s cooldown
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(error_code([&] {
                service_->register_account(tenant("med"),
                                           {"13700137000", wrong, "Quiet-River-2024", {}}, ctx_);
              }),
              "validation_failed");
  }
  // The right code after five wrong guesses is refused.
  EXPECT_EQ(error_code([&] {
              service_->register_account(tenant("med"),
                                         {"13700137000", code, "Quiet-River-2024", {}}, ctx_);
            }),
            "validation_failed");

  clock_.advance(seconds(61));
  service_->request_sms_code(tenant("med"), "13700137000", SmsPurpose::register_account, ctx_);
  const auto late = last_code("13700137000");
  clock_.advance(minutes(5));
  EXPECT_EQ(error_code([&] {
              service_->register_account(tenant("med"),
                                         {"13700137000", late, "Quiet-River-2024", {}}, ctx_);
            }),
            "validation_failed");  // expired

  // Five an hour per phone: two were sent; three more, then the sixth waits.
  for (int i = 0; i < 3; ++i) {
    clock_.advance(seconds(61));
    service_->request_sms_code(tenant("med"), "13700137000", SmsPurpose::register_account, ctx_);
  }
  clock_.advance(seconds(61));
  EXPECT_EQ(error_code([&] {
              service_->request_sms_code(tenant("med"), "13700137000", SmsPurpose::register_account,
                                         ctx_);
            }),
            "too_many_requests");
}

TEST_P(IdentityServiceTest, FiveFailuresLockKnownAndUnknownAccountsAlike) {
  register_at("med", "13600136000", "Quiet-River-2024");
  for (const std::string mobile : {"13600136000", "13500135000"}) {
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(error_code([&] {
                  service_->sign_in_with_password(tenant("med"), mobile, "wrong-password-1", ctx_);
                }),
                "invalid_credentials")
          << mobile;
    }
    try {
      service_->sign_in_with_password(tenant("med"), mobile, "Quiet-River-2024", ctx_);
      FAIL() << "not locked: " << mobile;
    } catch (const core::AppError& e) {
      EXPECT_EQ(e.code(), "too_many_requests");
      EXPECT_EQ(e.retry_after_seconds(), 60);
    }
  }
  clock_.advance(seconds(60));
  // The sixth failure locks for two minutes.
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("med"), "13600136000", "wrong-password-1",
                                              ctx_);
            }),
            "invalid_credentials");
  clock_.advance(seconds(90));
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("med"), "13600136000", "Quiet-River-2024",
                                              ctx_);
            }),
            "too_many_requests");
  clock_.advance(seconds(31));
  EXPECT_NO_THROW(
      service_->sign_in_with_password(tenant("med"), "13600136000", "Quiet-River-2024", ctx_));

  // A lockout in realm med says nothing about the same number in realm pcb.
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("pcb"), "13500135000", "x-password-1", ctx_);
            }),
            "invalid_credentials");
}

TEST_P(IdentityServiceTest, OneAddressHitsTheIpCeiling) {
  for (int i = 0; i < 30; ++i) {
    const std::string mobile = "1330000" + std::to_string(1000 + i);
    EXPECT_EQ(error_code([&] {
                service_->sign_in_with_password(tenant("med"), mobile, "wrong-password-1", ctx_);
              }),
              "invalid_credentials");
  }
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("med"), "13300009999", "wrong-password-1",
                                              ctx_);
            }),
            "too_many_requests");
  RequestContext other = ctx_;
  other.ip = "10.0.0.2";
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("med"), "13300009999", "wrong-password-1",
                                              other);
            }),
            "invalid_credentials");
}

TEST_P(IdentityServiceTest, SessionsExpireWhenIdleAndAtTheirAbsoluteEnd) {
  const auto s = register_at("med", "13400134000", "Quiet-River-2024");
  clock_.advance(minutes(29));
  ASSERT_TRUE(service_->authenticate(s.session_token));
  clock_.advance(minutes(29));
  ASSERT_TRUE(service_->authenticate(s.session_token));  // the last use restarted the idle timer
  clock_.advance(minutes(30));
  EXPECT_FALSE(service_->authenticate(s.session_token));

  const auto busy =
      service_->sign_in_with_password(tenant("med"), "13400134000", "Quiet-River-2024", ctx_);
  for (int i = 0; i < 35; ++i) {
    clock_.advance(minutes(20));
    ASSERT_TRUE(service_->authenticate(busy.session_token)) << i;
  }
  clock_.advance(minutes(20));  // 12 h after sign-in
  EXPECT_FALSE(service_->authenticate(busy.session_token));
  EXPECT_FALSE(service_->authenticate(std::string(64, 'a')));
}

TEST_P(IdentityServiceTest, SignOutPasswordChangeAndSessionList) {
  const auto first = register_at("med", "13300133000", "Quiet-River-2024");
  const auto second =
      service_->sign_in_with_password(tenant("med"), "13300133000", "Quiet-River-2024", ctx_);
  const auto third =
      service_->sign_in_with_password(tenant("med"), "13300133000", "Quiet-River-2024", ctx_);
  auto me = service_->authenticate(second.session_token);
  ASSERT_TRUE(me);
  const auto list = service_->sessions(*me);
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(std::count_if(list.begin(), list.end(), [](const auto& v) { return v.current; }), 1);

  service_->end_session(*me, first.principal->session_id, ctx_);
  EXPECT_FALSE(service_->authenticate(first.session_token));
  EXPECT_EQ(error_code([&] { service_->end_session(*me, "01NOSUCHSESSION00000000000", ctx_); }),
            "session_not_found");

  EXPECT_EQ(error_code([&] {
              service_->change_password(*me, "not-the-password", "Another-Secret-9", ctx_);
            }),
            "validation_failed");
  service_->change_password(*me, "Quiet-River-2024", "Another-Secret-9", ctx_);
  EXPECT_TRUE(service_->authenticate(second.session_token));
  EXPECT_FALSE(service_->authenticate(third.session_token));  // other sessions end

  service_->sign_out(*me, ctx_);
  EXPECT_FALSE(service_->authenticate(second.session_token));
  EXPECT_NO_THROW(
      service_->sign_in_with_password(tenant("med"), "13300133000", "Another-Secret-9", ctx_));
}

TEST_P(IdentityServiceTest, ResetLinksAreSingleUseExpireAndAnswerUnknownLoginsAlike) {
  const auto s = register_at("med-tj", "13200132000", "Quiet-River-2024", "Wang@Example.test");
  EXPECT_NO_THROW(service_->request_password_reset(tenant("med"), "nobody@example.test", ctx_));
  EXPECT_NO_THROW(service_->request_password_reset(tenant("med"), "13900000001", ctx_));
  EXPECT_EQ(messages_to("nobody@example.test"), 0U);

  service_->request_password_reset(tenant("med-tj"), "wang@example.test", ctx_);
  const auto token = last_reset_token("Wang@Example.test");
  ASSERT_EQ(token.size(), 64U);
  service_->complete_password_reset(token, "Brand-New-Secret-1", ctx_);
  EXPECT_FALSE(service_->authenticate(s.session_token));  // every session ends on reset
  EXPECT_EQ(
      error_code([&] { service_->complete_password_reset(token, "Brand-New-Secret-2", ctx_); }),
      "reset_link_invalid");
  EXPECT_NO_THROW(
      service_->sign_in_with_password(tenant("med"), "13200132000", "Brand-New-Secret-1", ctx_));

  service_->request_password_reset(tenant("med"), "13200132000", ctx_);
  const auto late = last_reset_token("Wang@Example.test");
  ASSERT_NE(late, token);
  clock_.advance(minutes(31));
  EXPECT_EQ(
      error_code([&] { service_->complete_password_reset(late, "Brand-New-Secret-3", ctx_); }),
      "reset_link_invalid");
}

TEST_P(IdentityServiceTest, AdminsActOnlyWithinTheirSubtreeAndRealm) {
  const auto tj_admin = register_at("med-tj", "13100131001", "Quiet-River-2024", "tj@example.test");
  grant(tj_admin.account.id, "med-tj", Role::tenant_admin);
  const auto nat_admin = register_at("med", "13100131002", "Quiet-River-2024");
  grant(nat_admin.account.id, "med", Role::tenant_admin);
  const auto tj_member = register_at("med-tj", "13100131003", "Quiet-River-2024", "m@example.test");
  const auto lung_member = register_at("med-lung", "13100131004", "Quiet-River-2024");
  const auto pcb_member = register_at("pcb", "13100131005", "Quiet-River-2024");
  const auto tj =
      service_->sign_in_with_password(tenant("med-tj"), "13100131001", "Quiet-River-2024", ctx_)
          .principal;
  const auto nat =
      service_->sign_in_with_password(tenant("med"), "13100131002", "Quiet-River-2024", ctx_)
          .principal;
  const auto member = tj_member.principal;
  const auto& dir = *directory_;

  // A member calling an admin endpoint: 403. A branch admin elsewhere or in another realm: 404.
  EXPECT_EQ(error_code([&] { service_->list_accounts(*member, tenant("med-tj"), dir, {}); }),
            "forbidden");
  EXPECT_EQ(error_code([&] { service_->list_accounts(*tj, tenant("med-lung"), dir, {}); }),
            "not_found");
  EXPECT_EQ(error_code([&] { service_->list_accounts(*tj, tenant("med"), dir, {}); }), "not_found");
  EXPECT_EQ(error_code([&] { service_->list_accounts(*tj, tenant("pcb"), dir, {}); }), "not_found");
  EXPECT_EQ(error_code([&] { service_->audit(*tj, tenant("pcb"), dir, {}); }), "not_found");

  const auto tj_accounts = service_->list_accounts(*tj, tenant("med-tj"), dir, {});
  EXPECT_EQ(tj_accounts.total, 2);  // the admin and the member of med-tj
  const auto all = service_->list_accounts(*nat, tenant("med"), dir, {});
  EXPECT_EQ(all.total, 4);  // every account of realm med, none of pcb
  // Contact data matches only in full (blind index); a part of a number finds nothing.
  AccountQuery q;
  q.text = "131 0013 1004";
  EXPECT_EQ(service_->list_accounts(*nat, tenant("med"), dir, q).total, 1);
  q.text = "131004";
  EXPECT_EQ(service_->list_accounts(*nat, tenant("med"), dir, q).total, 0);

  // Acting on an account outside the subtree (or realm) is 404 through a tenant in scope.
  EXPECT_EQ(error_code([&] {
              service_->set_frozen(*tj, tenant("med-tj"), dir, lung_member.account.id, true, "",
                                   ctx_);
            }),
            "account_not_found");
  EXPECT_EQ(error_code([&] {
              service_->set_frozen(*nat, tenant("med"), dir, pcb_member.account.id, true, "", ctx_);
            }),
            "account_not_found");
  // A branch admin cannot take over the national admin.
  grant(nat_admin.account.id, "med-tj", Role::member);
  EXPECT_EQ(error_code([&] {
              service_->set_frozen(*tj, tenant("med-tj"), dir, nat_admin.account.id, true, "",
                                   ctx_);
            }),
            "insufficient_privilege");
  // Roles only within the subtree.
  EXPECT_EQ(error_code([&] {
              service_->set_roles(*tj, tenant("med-tj"), dir, tj_member.account.id,
                                  {{"med-lung", Role::reviewer}}, ctx_);
            }),
            "tenant_not_found");
  service_->set_roles(*tj, tenant("med-tj"), dir, tj_member.account.id,
                      {{"med-tj", Role::member}, {"med-tj", Role::reviewer}}, ctx_);
  AccountQuery only_member;
  only_member.text = "13100131003";
  const auto roles = service_->list_accounts(*tj, tenant("med-tj"), dir, only_member);
  ASSERT_EQ(roles.items.size(), 1U);
  EXPECT_EQ(roles.items[0].roles.size(), 2U);

  // The audit log of med-tj holds med-tj's events only; the national admin sees both branches.
  const auto tj_audit = service_->audit(*tj, tenant("med-tj"), dir, {});
  ASSERT_FALSE(tj_audit.items.empty());
  for (const auto& e : tj_audit.items) {
    EXPECT_EQ(e.tenant, "med-tj");
    EXPECT_EQ(e.detail.find("13100131"), std::string::npos) << e.detail;  // masked
  }
  AuditQuery role_changes;
  role_changes.event = "role_changed";
  EXPECT_EQ(service_->audit(*tj, tenant("med-tj"), dir, role_changes).total, 1);
  AuditQuery registrations;
  registrations.event = "account_registered";
  EXPECT_EQ(service_->audit(*nat, tenant("med"), dir, registrations).total, 4);
}

TEST_P(IdentityServiceTest, FrozenAccountsCannotSignInAndKeepTheirData) {
  const auto admin = register_at("med-tj", "13000130001", "Quiet-River-2024");
  grant(admin.account.id, "med-tj", Role::tenant_admin);
  const auto p =
      service_->sign_in_with_password(tenant("med-tj"), "13000130001", "Quiet-River-2024", ctx_)
          .principal;
  const auto member = register_at("med-tj", "13000130002", "Quiet-River-2024", "f@example.test");

  service_->set_frozen(*p, tenant("med-tj"), *directory_, member.account.id, true, "dues unpaid",
                       ctx_);
  EXPECT_FALSE(service_->authenticate(member.session_token));
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("med-tj"), "13000130002", "Quiet-River-2024",
                                              ctx_);
            }),
            "account_frozen");
  // A wrong password on a frozen account looks like any wrong password.
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("med-tj"), "13000130002", "wrong-password-1",
                                              ctx_);
            }),
            "invalid_credentials");
  AccountQuery frozen;
  frozen.status = "frozen";
  EXPECT_EQ(service_->list_accounts(*p, tenant("med-tj"), *directory_, frozen).total, 1);
  EXPECT_EQ(error_code([&] {
              service_->set_frozen(*p, tenant("med-tj"), *directory_, admin.account.id, true, "",
                                   ctx_);
            }),
            "cannot_freeze_self");

  service_->set_frozen(*p, tenant("med-tj"), *directory_, member.account.id, false, "", ctx_);
  EXPECT_NO_THROW(
      service_->sign_in_with_password(tenant("med-tj"), "13000130002", "Quiet-River-2024", ctx_));

  // Admin-initiated reset: a site message and an e-mail.
  service_->admin_reset_password(*p, tenant("med-tj"), *directory_, member.account.id, ctx_);
  EXPECT_EQ(site_.size(), 1U);
  EXPECT_EQ(site_.back().account_id, member.account.id);
  EXPECT_EQ(last_reset_token("f@example.test").size(), 64U);
}

// freeze_member: the members module has found the account among a branch's members, which a
// member who registered at the national level joined without any role there. Everything but
// that reach is set_frozen's: the realm, takeovers, oneself, admins only.
TEST_P(IdentityServiceTest, FreezingAMemberFoundByMembershipKeepsEveryOtherRule) {
  const auto tj_admin = register_at("med-tj", "13000140001", "Quiet-River-2024");
  grant(tj_admin.account.id, "med-tj", Role::tenant_admin);
  const auto nat_admin = register_at("med", "13000140002", "Quiet-River-2024");
  grant(nat_admin.account.id, "med", Role::tenant_admin);
  const auto joined_branch = register_at("med", "13000140003", "Quiet-River-2024");
  const auto elsewhere = register_at("pcb", "13000140004", "Quiet-River-2024");
  const auto tj =
      service_->sign_in_with_password(tenant("med-tj"), "13000140001", "Quiet-River-2024", ctx_)
          .principal;
  const auto& dir = *directory_;

  EXPECT_EQ(error_code([&] {
              service_->set_frozen(*tj, tenant("med-tj"), dir, joined_branch.account.id, true,
                                   "false data", ctx_);
            }),
            "account_not_found");
  EXPECT_EQ(error_code([&] {
              service_->freeze_member(*tj, tenant("med-tj"), dir, elsewhere.account.id, "x", ctx_);
            }),
            "account_not_found");
  EXPECT_EQ(error_code([&] {
              service_->freeze_member(*tj, tenant("med-tj"), dir, nat_admin.account.id, "x", ctx_);
            }),
            "insufficient_privilege");
  EXPECT_EQ(error_code([&] {
              service_->freeze_member(*tj, tenant("med-tj"), dir, tj_admin.account.id, "x", ctx_);
            }),
            "cannot_freeze_self");
  EXPECT_EQ(error_code([&] {
              service_->freeze_member(*joined_branch.principal, tenant("med-tj"), dir,
                                      elsewhere.account.id, "x", ctx_);
            }),
            "forbidden");

  service_->freeze_member(*tj, tenant("med-tj"), dir, joined_branch.account.id, "false data", ctx_);
  EXPECT_FALSE(service_->authenticate(joined_branch.session_token));
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_password(tenant("med"), "13000140003", "Quiet-River-2024",
                                              ctx_);
            }),
            "account_frozen");
  AuditQuery frozen;
  frozen.event = "account_frozen";
  const auto audit = service_->audit(*tj, tenant("med-tj"), dir, frozen);
  ASSERT_EQ(audit.items.size(), 1U);
  EXPECT_EQ(audit.items[0].subject, joined_branch.account.id);
  EXPECT_NE(audit.items[0].detail.find("false data"), std::string::npos);
}

TEST_P(IdentityServiceTest, AdminsNeverGetSmsCodes) {
  const auto admin = register_at("med-tj", "13000130003", "Quiet-River-2024");
  grant(admin.account.id, "med-tj", Role::tenant_admin);
  const auto sent = messages_to("13000130003");
  service_->request_sms_code(tenant("med-tj"), "13000130003", SmsPurpose::sign_in, ctx_);
  EXPECT_EQ(messages_to("13000130003"), sent);
  EXPECT_EQ(error_code([&] {
              service_->sign_in_with_code(tenant("med-tj"), "13000130003", "123456", ctx_);
            }),
            "invalid_credentials");
}

TEST_P(IdentityServiceTest, TheFirstPlatformAdminSignsInWithAOneTimePasswordAndMustChangeIt) {
  const auto created = service_->ensure_platform_admin(*directory_, std::nullopt);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->realm, "med");  // first root tenant by slug
  EXPECT_EQ(created->mobile, "13800000000");
  EXPECT_FALSE(service_->ensure_platform_admin(*directory_, std::nullopt));

  const auto s = service_->sign_in_with_password(tenant("med"), created->mobile,
                                                 created->one_time_password, ctx_);
  ASSERT_TRUE(s.principal->is_platform_admin);
  EXPECT_TRUE(s.principal->must_change_password);
  EXPECT_EQ(
      error_code([&] { service_->list_accounts(*s.principal, tenant("pcb"), *directory_, {}); }),
      "password_change_required");
  service_->change_password(*s.principal, created->one_time_password, "Platform-Owner-77", ctx_);
  const auto p = service_->authenticate(s.session_token);
  ASSERT_TRUE(p);
  EXPECT_NO_THROW(service_->list_accounts(*p, tenant("pcb"), *directory_, {}));

  // It appoints pcb's first admin, who gets a set-password link.
  const auto appointed = service_->appoint_tenant_admin(*p, tenant("pcb"), "13900001111",
                                                        std::string("boss@pcb.test"), ctx_);
  EXPECT_EQ(appointed.realm, "pcb");
  const auto token = last_reset_token("boss@pcb.test");
  service_->complete_password_reset(token, "Circuit-Board-88", ctx_);
  const auto boss =
      service_->sign_in_with_password(tenant("pcb"), "13900001111", "Circuit-Board-88", ctx_);
  EXPECT_TRUE(boss.principal->holds(Role::tenant_admin, "pcb"));
  EXPECT_EQ(error_code([&] {
              service_->appoint_tenant_admin(*boss.principal, tenant("pcb"), "13900002222",
                                             std::nullopt, ctx_);
            }),
            "forbidden");
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityServiceTest, ::testing::Values("sqlite", "mysql"),
                         backend_name);

}  // namespace
}  // namespace guildhall::identity::testing
