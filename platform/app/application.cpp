#include "app/application.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/periodic_task.hpp"
#include "app/pii_keys.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "documents/csv_table.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/middleware.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "http/worker_pool.hpp"
#include "modules/certificates/certificate_service.hpp"
#include "modules/certificates/http/certificate_handlers.hpp"
#include "modules/files/http/upload_handlers.hpp"
#include "modules/files/upload_service.hpp"
#include "modules/identity/contact_backfill_store.hpp"
#include "modules/identity/http/identity_handlers.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/password_hasher.hpp"
#include "modules/identity/principal.hpp"
#include "modules/legacy/http/legacy_handlers.hpp"
#include "modules/legacy/legacy_service.hpp"
#include "modules/members/http/member_handlers.hpp"
#include "modules/members/member_service.hpp"
#include "modules/notifications/aliyun_sms_provider.hpp"
#include "modules/notifications/delivery_worker.hpp"
#include "modules/notifications/dev_sms_provider.hpp"
#include "modules/notifications/dev_sms_store.hpp"
#include "modules/notifications/http/notification_handlers.hpp"
#include "modules/notifications/inbox_store.hpp"
#include "modules/notifications/messages_service.hpp"
#include "modules/notifications/outbox.hpp"
#include "modules/notifications/recipient_backfill_store.hpp"
#include "modules/notifications/smtp_mail_sender.hpp"
#include "modules/notifications/template_renderer.hpp"
#include "modules/ops/http/ops_handlers.hpp"
#include "modules/organisations/http/organisation_handlers.hpp"
#include "modules/organisations/organisation_service.hpp"
#include "modules/organisations/seed_file.hpp"
#include "modules/paperwork/http/paperwork_handlers.hpp"
#include "modules/paperwork/paperwork_service.hpp"
#include "modules/profiles/form_service.hpp"
#include "modules/profiles/http/profile_handlers.hpp"
#include "modules/profiles/profile_service.hpp"
#include "modules/profiles/profile_store.hpp"
#include "modules/tenants/http/tenant_handlers.hpp"
#include "modules/tenants/tenant_service.hpp"
#include "modules/tenants/tenant_store.hpp"
#include "modules/workflow/committee_directory.hpp"
#include "modules/workflow/http/workflow_handlers.hpp"
#include "modules/workflow/workflow_service.hpp"
#include "plugin_host/plugin_error.hpp"
#include "plugin_host/plugin_host.hpp"
#include "privacy/field_cipher.hpp"
#include "tenancy/tenant_directory.hpp"
#include "uploads/encrypted_blob_store.hpp"
#include "uploads/filesystem_blob_store.hpp"

#ifndef GUILDHALL_VERSION
#define GUILDHALL_VERSION "0.0.0"
#endif

namespace guildhall::app {

namespace {

const core::SystemClock kSystemClock;

std::optional<core::AppError> translate_lower_layers(const std::exception& e) {
  if (dynamic_cast<const db::Unavailable*>(&e) != nullptr) {
    spdlog::error("database unavailable: {}", e.what());
    return core::AppError(core::ErrorKind::unavailable, "database_unavailable",
                          {"数据库暂时不可用，请稍后再试。",
                           "The database is temporarily unavailable; please try again shortly."})
        .with_retry_after(5);
  }
  if (dynamic_cast<const plugin_host::PluginError*>(&e) != nullptr) {
    return core::AppError(core::ErrorKind::unavailable, "plugin_unavailable",
                          {"该机构的扩展功能暂时不可用，请稍后再试。",
                           "This organisation's extension is temporarily unavailable."})
        .with_retry_after(30);
  }
  return std::nullopt;
}

// Re-reads the tenants whenever another instance (or `guildhall tenant load`) changed them.
class TenantReloader {
 public:
  TenantReloader(tenants::TenantService& service, tenancy::TenantRegistry& registry,
                 std::chrono::milliseconds interval)
      : service_(service), registry_(registry), interval_(interval) {
    generation_ = safe_generation();
    thread_ = std::thread([this] { run(); });
  }
  ~TenantReloader() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  void reload_now() {
    {
      std::lock_guard lock(mutex_);
      forced_ = true;
    }
    wake_.notify_all();
  }

 private:
  std::int64_t safe_generation() {
    try {
      return service_.generation();
    } catch (const std::exception& e) {
      spdlog::warn("cannot read the tenant generation: {}", e.what());
      return generation_;
    }
  }

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, interval_, [this] { return stopping_ || forced_; });
      if (stopping_) {
        return;
      }
      const bool forced = std::exchange(forced_, false);
      lock.unlock();
      const auto generation = safe_generation();
      if (forced || generation != generation_) {
        try {
          registry_.replace(service_.build_directory());
          generation_ = generation;
          spdlog::info("tenants reloaded ({} tenants)", registry_.current()->all().size());
        } catch (const std::exception& e) {
          spdlog::error("tenant reload failed, keeping the previous tenants: {}", e.what());
        }
      }
      lock.lock();
    }
  }

  tenants::TenantService& service_;
  tenancy::TenantRegistry& registry_;
  std::chrono::milliseconds interval_;
  std::int64_t generation_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool forced_ = false;
  std::thread thread_;
};

}  // namespace

Application::Application(ServerConfig config) : config_(std::move(config)) {}

Application::~Application() = default;

db::Database& Application::database() {
  if (!database_) {
    db::DatabaseOptions options;
    options.pool_size = config_.workers + 2;
    database_ = db::Database::open(db::DatabaseUrl::parse(config_.database_url()), options);
  }
  return *database_;
}

plugin_host::PluginHost& Application::plugins() {
  if (!plugins_) {
    plugins_ = std::make_unique<plugin_host::PluginHost>(config_.plugin_dirs);
  }
  return *plugins_;
}

std::shared_ptr<const privacy::KeyRing> Application::pii_keys() {
  if (!pii_keys_) {
    auto keys = load_pii_keys(config_, std::getenv(kPiiEncryptionKeysVariable),
                              std::getenv(kPiiIndexKeysVariable));
    spdlog::info("data-protection keys from {}", keys.source);
    pii_keys_ = std::move(keys.ring);
  }
  return pii_keys_;
}

tenants::TenantService& Application::tenant_service(bool with_database) {
  if (!tenant_service_) {
    std::shared_ptr<tenants::TenantStore> store;
    if (with_database) {
      database();
      store = std::make_shared<tenants::TenantStore>(database_);
    }
    tenant_service_ = std::make_unique<tenants::TenantService>(std::move(store), plugins(),
                                                               config_.templates_dir, kSystemClock);
  }
  return *tenant_service_;
}

std::vector<std::string> Application::seed(const std::vector<std::string>& slugs) {
  auto& service = tenant_service();
  const auto directory = service.build_directory();
  std::map<std::string, std::filesystem::path> sources;
  for (const auto& stored : service.list()) {
    sources[stored.slug] = stored.source_path;
  }
  organisations::OrganisationService registry(
      database_, kSystemClock,
      [](const identity::Principal& p, const tenancy::Tenant&) {
        if (!p.is_platform_admin) {
          throw core::AppError(core::ErrorKind::forbidden, "forbidden",
                               {"只有平台可以导入种子数据。", "Only the platform seeds."});
        }
      },
      [&directory](std::string_view slug) { return directory->lineage(slug); });
  std::vector<std::string> lines;
  for (const auto& slug : slugs) {
    const auto tenant = directory->find(slug);
    const auto source = sources.find(slug);
    if (!tenant || source == sources.end()) {
      continue;
    }
    const auto file = source->second.parent_path() / organisations::kSeedFileName;
    if (!std::filesystem::exists(file)) {
      continue;
    }
    const auto report = registry.seed(*tenant, organisations::read_seed_file(file));
    if (!report) {
      lines.push_back(slug + ": kept its organisation registry, which is not empty");
      continue;
    }
    std::string line =
        slug + ": " + std::to_string(report->created) + " organisation(s) from " + file.string();
    for (const auto& e : report->errors) {
      line += "\n  " + file.string() + ":" + std::to_string(e.row) + ": skipped (" + e.field +
              ": " + e.message.zh_cn + ")";
    }
    lines.push_back(std::move(line));
  }

  // Then the old systems' rosters, whose employers are named in the registries just filled.
  tenancy::TenantRegistry snapshot;
  snapshot.replace(directory);
  legacy::LegacyService rosters(*database_, snapshot, pii_keys(), kSystemClock,
                                {.administers = {},
                                 .organisation_named =
                                     [&registry](std::string_view tenant, const std::string& name) {
                                       return registry.id_named(tenant, name);
                                     },
                                 .account_mobile = {}});
  for (const auto& slug : slugs) {
    const auto tenant = directory->find(slug);
    const auto source = sources.find(slug);
    if (!tenant || source == sources.end()) {
      continue;
    }
    const auto file = source->second.parent_path() / legacy::kRosterFileName;
    if (!std::filesystem::exists(file)) {
      continue;
    }
    const auto table = documents::read_csv_table(file);
    std::vector<legacy::RosterRow> rows;
    for (std::size_t i = 1; i < table.size(); ++i) {
      rows.push_back({table[i].line, table[i].cells});
    }
    const auto report = rosters.seed(
        *tenant, table.empty() ? std::vector<std::string>{} : table.front().cells, rows);
    if (!report) {
      lines.push_back(slug + ": kept its roster of legacy members, which is not empty");
      continue;
    }
    std::string line =
        slug + ": " + std::to_string(report->created) + " legacy member(s) from " + file.string();
    for (const auto& e : report->errors) {
      line += "\n  " + file.string() + ":" + std::to_string(e.row) + ": skipped (" + e.column +
              ": " + e.message.zh_cn + ")";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

int Application::serve() {
  // Every thread created from here on inherits the mask, so only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that disconnects mid-write must not kill the process.
  signal(SIGPIPE, SIG_IGN);

  auto& db = database();
  db::Migrator migrator(db);
  const auto status = migrator.status();
  if (!status.mismatches.empty()) {
    for (const auto& m : status.mismatches) {
      std::cerr << "guildhall: " << m.message() << '\n';
    }
    return 1;
  }
  if (!status.pending.empty()) {
    std::cerr << "guildhall: the database needs " << status.pending.size()
              << " migration(s); run `guildhall migrate` first\n";
    return 1;
  }

  // Mobiles and e-mail addresses are stored encrypted; rows an older version wrote in clear are
  // converted before anything looks them up by blind index.
  const auto keys = pii_keys();
  const auto contacts = identity::encrypt_plain_contacts(db, keys);
  const auto recipients = notifications::encrypt_plain_recipients(db, keys);
  if (contacts.accounts + contacts.sms_codes + recipients.outbox + recipients.dev_sms > 0) {
    spdlog::info(
        "encrypted plain contact data: {} accounts, {} SMS codes, {} outbox messages, {} "
        "development SMS",
        contacts.accounts, contacts.sms_codes, recipients.outbox, recipients.dev_sms);
  }

  auto& service = tenant_service();
  tenancy::TenantRegistry registry;
  registry.replace(service.build_directory());
  if (registry.current()->all().empty()) {
    spdlog::warn("no tenants are loaded; load them with `guildhall tenant load tenants/`");
  }

  http::Metrics metrics;
  http::Router router;
  ops::register_ops_routes(router, metrics,
                           ops::Readiness{[&db] { return db.ping(); },
                                          [&migrator] {
                                            try {
                                              return migrator.status().current();
                                            } catch (const std::exception&) {
                                              return false;
                                            }
                                          }},
                           GUILDHALL_VERSION);
  tenants::register_tenant_routes(router, registry);

  // Messages: the outbox that modules write in their own transactions, and the worker that
  // delivers it by e-mail and SMS.
  const auto& notify = config_.notifications;
  notifications::TemplateRenderer renderer({.platform_dir = config_.templates_dir / "messages",
                                            .tenants_dir = config_.templates_dir / "tenants"});
  std::unique_ptr<notifications::MailSender> mail;
  if (notify.mail.enabled()) {
    mail = std::make_unique<notifications::SmtpMailSender>(notify.mail, kSystemClock);
  } else {
    spdlog::warn("no mail: section; e-mails stay queued until an SMTP server is configured");
  }
  const bool dev_sms = notify.sms.provider == notifications::SmsProviderKind::dev;
  notifications::DevSmsStore dev_sms_store(db, keys);
  std::unique_ptr<notifications::SmsProvider> sms;
  if (dev_sms) {
    sms = std::make_unique<notifications::DevSmsProvider>(dev_sms_store, kSystemClock);
  } else {
    sms = std::make_unique<notifications::AliyunSmsProvider>(notify.sms, kSystemClock);
  }
  notifications::DeliveryWorker delivery(db, keys, renderer, mail.get(), sms.get(), kSystemClock,
                                         {});
  notifications::MessagesService messages(db, kSystemClock, keys);
  const notifications::OutboxStore outbox(keys);

  // Accounts, sessions and roles.
  identity::IdentityConfig identity_config;
  identity_config.public_url = config_.effective_public_url();
  identity_config.bootstrap_admin_mobile = config_.bootstrap_admin_mobile;
  identity::PasswordHasher hasher({identity_config.hash_opslimit, identity_config.hash_memlimit},
                                  identity_config.hash_concurrency, identity_config.hash_wait);
  identity::NotificationSink sink{
      [&delivery, &outbox](soci::session& tx, const notifications::OutboundMessage& m,
                           std::int64_t now) {
        outbox.enqueue(tx, m, now);
        delivery.nudge();
      },
      [](soci::session& tx, const identity::SiteNotice& n, std::int64_t now) {
        notifications::InboxStore{}.deliver(tx,
                                            {.account_id = n.account_id,
                                             .tenant_slug = n.tenant_slug,
                                             .title = n.title.zh_cn,
                                             .body = n.body.zh_cn,
                                             .title_en = n.title.en,
                                             .body_en = n.body.en},
                                            now);
      }};
  identity::IdentityService identity_service(database_, kSystemClock, hasher, sink, identity_config,
                                             keys);
  if (auto first = identity_service.ensure_platform_admin(*registry.current(), std::nullopt)) {
    std::cout << "guildhall: created the first platform admin: sign in at "
              << identity_config.public_url << "/t/" << first->realm << "/login with mobile "
              << first->mobile << " and the one-time password " << first->one_time_password
              << " (you will be asked to change it)" << std::endl;
  }
  identity::register_identity_routes(router, identity_service, registry);
  notifications::register_notification_routes(
      router,
      {.messages = messages,
       .registry = registry,
       .access = {.caller = [](const http::Request& r) -> std::optional<notifications::Caller> {
                    if (!r.principal) {
                      return std::nullopt;
                    }
                    return notifications::Caller{r.principal->account_id};
                  },
                  .admin =
                      [&identity_service, &registry](const http::Request& r,
                                                     const tenancy::Tenant& tenant) {
                        if (!r.principal) {
                          return notifications::AdminAccess::hidden;
                        }
                        try {
                          identity_service.authorize_admin(*r.principal, tenant,
                                                           *registry.current());
                          return notifications::AdminAccess::granted;
                        } catch (const core::AppError& e) {
                          return e.kind() == core::ErrorKind::forbidden
                                     ? notifications::AdminAccess::forbidden
                                     : notifications::AdminAccess::hidden;
                        }
                      }},
       .dev_sms = dev_sms ? &dev_sms_store : nullptr});

  // The tenants' organisation registries; their admins are those identity recognises.
  organisations::OrganisationService organisation_service(
      database_, kSystemClock,
      [&identity_service, &registry](const identity::Principal& p, const tenancy::Tenant& t) {
        identity_service.authorize_admin(p, t, *registry.current());
      },
      [&registry](std::string_view slug) { return registry.current()->lineage(slug); });
  organisations::register_organisation_routes(router, organisation_service);
  const auto organisation_exists = [&organisation_service](std::string_view tenant,
                                                           std::string_view id) {
    return organisation_service.exists(tenant, id);
  };

  // Uploaded files, kept encrypted outside any served folder, and the forms and profiles that
  // refer to them.
  const auto administers = [&identity_service, &registry](const identity::Principal& p,
                                                          const tenancy::Tenant& t) {
    try {
      identity_service.authorize_admin(p, t, *registry.current());
      return true;
    } catch (const core::AppError&) {
      return false;
    }
  };
  const auto may_review = [administers](const identity::Principal& p, const tenancy::Tenant& t) {
    return p.holds(identity::Role::reviewer, t.slug()) || administers(p, t);
  };
  // Uploads and issued certificates share the encrypted store; each blob is bound to its row.
  const auto blobs = std::make_shared<uploads::EncryptedBlobStore>(
      std::make_shared<uploads::FilesystemBlobStore>(config_.effective_uploads_dir()),
      std::make_shared<const privacy::FieldCipher>(keys));
  files::UploadService upload_service(db, registry, blobs, kSystemClock, may_review);
  files::register_upload_routes(router, upload_service);
  // The committee members an applicant may name: the realm's reviewers, by their profile names.
  workflow::CommitteeDirectory committee_directory(
      db, registry, [&identity_service](const std::string& realm) {
        return identity_service.role_holders(realm, identity::Role::reviewer);
      });
  profiles::FormService form_service(
      registry, kSystemClock,
      {.organisation_exists = organisation_exists,
       .upload_belongs =
           [&upload_service](std::string_view account, std::string_view id, std::string_view form,
                             std::string_view field) {
             return upload_service.belongs(account, id, form, field);
           },
       .committee_member_exists =
           [&committee_directory](const std::string& realm, const std::string& account_id) {
             return committee_directory.find(realm, account_id).has_value();
           }});
  profiles::ProfileService profile_service(
      db, form_service, keys, kSystemClock,
      [&identity_service, &registry](const identity::Principal& p, const tenancy::Tenant& t,
                                     const std::string& account_id) {
        identity_service.authorize_staff_view(p, t, *registry.current(), account_id);
      });
  profiles::register_profile_routes(router, form_service, profile_service);

  // The old system's roster: its members sign in with an SMS code to the mobile it lists, and
  // their activation is an application like any other.
  legacy::LegacyService legacy_service(
      db, registry, keys, kSystemClock,
      {.administers = administers,
       .organisation_named =
           [&organisation_service](std::string_view tenant, const std::string& name) {
             return organisation_service.id_named(tenant, name);
           },
       .account_mobile =
           [&identity_service, &db](const std::string& account_id) {
             std::string mobile;
             db.run([&](soci::session& sql) {
               mobile = identity_service.contact_in(sql, account_id).first;
             });
             return mobile;
           }});
  identity_service.recognise_legacy_members(
      [&legacy_service](const std::string& realm, const std::string& mobile) {
        return legacy_service.tenant_of_mobile(realm, mobile);
      });
  legacy::register_legacy_routes(router, legacy_service);

  // Applications and their review; who administers what and which accounts exist is identity's,
  // and the applicant hears of each transition in the site inbox.
  workflow::WorkflowService workflow_service(
      db, registry, form_service, keys, kSystemClock,
      {.administers = administers,
       .account_in_realm =
           [&identity_service](const std::string& realm, const std::string& account_id) {
             return identity_service.has_account(realm, account_id);
           },
       .profile_values =
           [&profile_service](const std::string& account_id) {
             return profile_service.values(account_id);
           },
       .apply_profile_changes =
           [&profile_service](soci::session& tx, const tenancy::Tenant& tenant,
                              const std::string& account_id, const sdk::Value& changes,
                              const std::optional<std::string>& actor, long long now) {
             profile_service.apply_changes(tx, tenant, account_id, changes, actor, now);
             // A printed field changed: the downloaded certificate no longer holds the member
             // to the old value, and the next confirmation issues one that supersedes it.
             const auto& printed = tenant.config->certificate_fields;
             const bool touches =
                 changes.is_object() &&
                 std::any_of(
                     changes.as_object().begin(), changes.as_object().end(), [&](const auto& kv) {
                       return std::find(printed.begin(), printed.end(), kv.first) != printed.end();
                     });
             if (touches) {
               profiles::ProfileStore{}.unlock(tx, account_id, profiles::kCertificateLockHolder);
             }
           },
       .notify = sink.post_site_message,
       .contact =
           [&identity_service](soci::session& tx, const std::string& account_id) {
             return identity_service.contact_in(tx, account_id);
           },
       .role_holders =
           [&identity_service](const std::string& realm, identity::Role role) {
             return identity_service.role_holders(realm, role);
           },
       .enqueue = sink.enqueue,
       .legacy_pending =
           [&legacy_service](const std::string& account_id, const std::string& tenant) {
             return legacy_service.pending(account_id, tenant);
           },
       .legacy_values =
           [&legacy_service](const std::string& account_id, const std::string& tenant) {
             return legacy_service.values(account_id, tenant);
           },
       .activate_legacy =
           [&legacy_service](soci::session& tx, const std::string& account_id,
                             const std::string& tenant, const std::string& application_id,
                             long long now) {
             legacy_service.activate(tx, account_id, tenant, application_id, now);
           },
       .adopt_into_profile =
           [&profile_service](soci::session& tx, const tenancy::Tenant& tenant,
                              const std::string& account_id, const sdk::Value& values,
                              const std::string& holder, long long now) {
             profile_service.adopt(tx, tenant, account_id, values, holder, now);
           }});
  // The admins' member list; freezing a member is identity's freeze plus the recorded violation.
  // MemberService has found the account among the subtree's members before it asks identity.
  members::MemberService member_service(
      db, registry, kSystemClock,
      {.administers = administers,
       .freeze_account = [&identity_service, &registry](
                             const identity::Principal& p, const tenancy::Tenant& t,
                             const std::string& account_id, const std::string& reason,
                             const std::string& ip) {
         identity_service.freeze_member(p, t, *registry.current(), account_id, reason,
                                        {.ip = ip, .user_agent = "", .locale = "zh-CN"});
       }});
  members::register_member_routes(router, member_service);

  // Certificates: printed from the tenant's template with the member's confirmed profile values;
  // the QR code's URL is signed with the key ring, so checking it needs no extra secret.
  certificates::CertificateService certificate_service(
      db, registry, keys, blobs, kSystemClock, config_.templates_dir.string(),
      identity_config.public_url,
      {.administers = administers,
       .profile_values =
           [&profile_service](const std::string& account_id) {
             return profile_service.values(account_id);
           },
       .photo = [&upload_service](const std::string& account_id, const std::string& upload_id)
           -> std::optional<certificates::Photo> {
         auto file = upload_service.of_account(account_id, upload_id);
         if (!file) {
           return std::nullopt;
         }
         return certificates::Photo{{file->bytes.begin(), file->bytes.end()}, file->content_type};
       }});
  // The application as a form to print, stamp and upload.
  paperwork::PaperworkService paperwork_service(
      db, registry, workflow_service,
      [&upload_service](const std::string& account_id,
                        const std::string& upload_id) -> std::optional<paperwork::PhotoBytes> {
        auto file = upload_service.of_account(account_id, upload_id);
        if (!file) {
          return std::nullopt;
        }
        return paperwork::PhotoBytes{{file->bytes.begin(), file->bytes.end()}};
      });
  paperwork::register_paperwork_routes(router, paperwork_service);
  certificates::register_certificate_routes(
      router, certificate_service, kSystemClock, static_cast<int>(config_.verify_per_minute),
      [&legacy_service](const std::string& tenant,
                        const std::string& number) -> std::optional<certificates::Verification> {
        const auto old = legacy_service.verify(tenant, number);
        if (!old) {
          return std::nullopt;
        }
        certificates::Verification v;
        v.status = old->status;
        v.legacy = true;
        v.tenant_name = old->tenant_name;
        v.member_type_name = old->member_type_name;
        v.holder = old->holder;
        v.number = old->number;
        if (old->valid_until) {
          // Noon of that mainland day: the page shows the day whatever the server's zone.
          v.valid_until = core::mainland_noon_ms(*old->valid_until);
        }
        return v;
      });

  // Deadline reminders: every instance looks; each reminder is claimed by one of them.
  PeriodicTask reminders(config_.reminder_interval, [&workflow_service] {
    if (const int n = workflow_service.send_reminders(); n > 0) {
      spdlog::info("deadline reminders sent for {} application(s)", n);
    }
  });
  workflow::register_workflow_routes(router, workflow_service, committee_directory);

  http::WorkerPool pool(config_.workers, config_.max_queued);
  metrics.add_gauge("guildhall_worker_threads", "Worker threads.",
                    [&pool] { return static_cast<double>(pool.threads()); });
  metrics.add_gauge("guildhall_worker_busy", "Worker threads running a request.",
                    [&pool] { return static_cast<double>(pool.busy()); });
  metrics.add_gauge("guildhall_worker_queued", "Requests waiting for a worker.",
                    [&pool] { return static_cast<double>(pool.queued()); });
  metrics.add_gauge("guildhall_db_pool_size", "Database connections in the pool.",
                    [&db] { return static_cast<double>(db.stats().size); });
  metrics.add_gauge("guildhall_db_pool_in_use", "Database connections leased.",
                    [&db] { return static_cast<double>(db.stats().in_use); });
  metrics.add_gauge("guildhall_db_lease_timeouts", "Leases that timed out waiting.",
                    [&db] { return static_cast<double>(db.stats().lease_timeouts); });
  metrics.add_gauge("guildhall_db_reconnects", "Connections reopened after a loss.",
                    [&db] { return static_cast<double>(db.stats().reconnects); });
  metrics.add_gauge("guildhall_tenants", "Tenants in the current snapshot.",
                    [&registry] { return static_cast<double>(registry.current()->all().size()); });

  http::Dispatcher dispatcher(router, pool);
  dispatcher.use(http::locale_middleware());
  dispatcher.use(http::observe_middleware(metrics, config_.access_log));
  dispatcher.use(http::error_mapping_middleware({translate_lower_layers}));
  dispatcher.use(tenants::tenant_middleware(registry));
  dispatcher.use(identity::csrf_middleware(router, identity_config.public_url));
  dispatcher.use(identity::session_middleware(router, identity_service));
  const http::StaticFiles web(config_.web_root);
  if (!web.has_app()) {
    spdlog::warn("no web app in {}; build it with scripts/run", config_.web_root.string());
  }
  dispatcher.set_fallback([&web](http::Request& request) { return web.serve(request); });

  http::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.io_threads = config_.io_threads;
  options.max_request_bytes = config_.max_request_bytes;
  options.request_limit = [&upload_service](std::string_view target) {
    return files::upload_request_limit(upload_service, target);
  };
  options.header_timeout = config_.header_timeout;
  options.body_timeout = config_.body_timeout;
  http::Server server(options, dispatcher);
  server.start();
  delivery.start();
  TenantReloader reloader(service, registry, config_.reload_interval);
  std::cout << "guildhall: listening on http://" << config_.host << ':' << server.port()
            << "  (database " << db.url().redacted() << ", " << registry.current()->all().size()
            << " tenants)" << std::endl;

  for (;;) {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    if (signal_number == SIGHUP) {
      reloader.reload_now();
      continue;
    }
    break;
  }
  spdlog::info("shutting down: finishing {} request(s) in flight", server.in_flight());
  server.shutdown(config_.shutdown_grace);
  pool.stop();
  delivery.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace guildhall::app
