/**
 * CloudNativePG's own rules for PostgreSQL parameters, transcribed from
 * cloudnative-pg/cloudnative-pg, pkg/postgres/configuration.go at tag v1.30.0
 * (commit 4b5e244a7d031f67e025c83c1555e7726ecbbfa1), the release whose CRDs
 * vendor/cloudnative-pg holds. Only what that file says; nothing added.
 */

/**
 * How CloudNativePG treats a parameter of FixedConfigurationParameters:
 * "fixed" (fixedConfigurationParameter) when the operator manages its value,
 * "blocked" (blockedConfigurationParameter) when it must keep its default for
 * the operator to work. Either way the validating webhook
 * (internal/webhook/v1/cluster_webhook.go, validateConfiguration) rejects a
 * Cluster that sets it: "Can't set fixed configuration parameter".
 */
export type CloudNativePgParameterRule = 'fixed' | 'blocked';

/** FixedConfigurationParameters of pkg/postgres/configuration.go, in its order. */
export const CLOUDNATIVE_PG_FIXED_PARAMETERS: Readonly<Record<string, CloudNativePgParameterRule>> = {
  'allow_system_table_mods': 'blocked',
  'archive_mode': 'fixed',
  'bonjour': 'blocked',
  'bonjour_name': 'blocked',
  'cluster_name': 'fixed',
  'config_file': 'blocked',
  'data_directory': 'blocked',
  'data_sync_retry': 'blocked',
  'event_source': 'blocked',
  'external_pid_file': 'blocked',
  'hba_file': 'blocked',
  'hot_standby': 'blocked',
  'ident_file': 'blocked',
  'jit_provider': 'blocked',
  'listen_addresses': 'blocked',
  'logging_collector': 'blocked',
  'port': 'fixed',
  'primary_conninfo': 'fixed',
  'primary_slot_name': 'fixed',
  'recovery_target': 'fixed',
  'recovery_target_action': 'fixed',
  'recovery_target_inclusive': 'fixed',
  'recovery_target_lsn': 'fixed',
  'recovery_target_name': 'fixed',
  'recovery_target_time': 'fixed',
  'recovery_target_timeline': 'fixed',
  'recovery_target_xid': 'fixed',
  'restore_command': 'fixed',
  'shared_preload_libraries': 'fixed',
  'temp_tablespaces': 'fixed',
  'unix_socket_directories': 'blocked',
  'unix_socket_group': 'blocked',
  'unix_socket_permissions': 'blocked',
  'archive_cleanup_command': 'blocked',
  'archive_command': 'fixed',
  'log_destination': 'blocked',
  'log_directory': 'blocked',
  'log_file_mode': 'blocked',
  'log_filename': 'blocked',
  'log_rotation_age': 'blocked',
  'log_rotation_size': 'blocked',
  'log_truncate_on_rotation': 'blocked',
  'pg_failover_slots.primary_dsn': 'fixed',
  'pg_failover_slots.standby_slot_names': 'fixed',
  'promote_trigger_file': 'blocked',
  'recovery_end_command': 'blocked',
  'recovery_min_apply_delay': 'blocked',
  'restart_after_crash': 'blocked',
  'ssl': 'fixed',
  'ssl_ca_file': 'fixed',
  'ssl_cert_file': 'fixed',
  'ssl_crl_file': 'fixed',
  'ssl_dh_params_file': 'fixed',
  'ssl_ecdh_curve': 'fixed',
  'ssl_key_file': 'fixed',
  'ssl_passphrase_command': 'fixed',
  'ssl_passphrase_command_supports_reload': 'fixed',
  'ssl_prefer_server_ciphers': 'fixed',
  'stats_temp_directory': 'blocked',
  'synchronous_standby_names': 'fixed',
  'synchronized_standby_slots': 'fixed',
  'syslog_facility': 'blocked',
  'syslog_ident': 'blocked',
  'syslog_sequence_numbers': 'blocked',
  'syslog_split_messages': 'blocked',
};

/**
 * Parameters CloudNativePG writes itself outside FixedConfigurationParameters
 * (CreatePostgresqlConfiguration in the same file), so a value a definition
 * gives is dropped or merged, with what the Cluster uses instead.
 */
export const CLOUDNATIVE_PG_MANAGED_PARAMETERS: Readonly<Record<string, string>> = {
  // Overwritten with the mandatory settings (PostgreSQL 17 and later): getAlterSystemEnabledValue.
  allow_alter_system: 'CloudNativePG sets it from the Cluster\'s .spec.postgresql.enableAlterSystem',
  // setExtensionControlPath / setDynamicLibraryPath: "$system" / "$libdir", then each mounted image's paths.
  extension_control_path: 'CloudNativePG builds it from the mounted extension images; set extensionControlPath (paths inside the image) instead',
  dynamic_library_path: 'CloudNativePG builds it from the mounted extension images; set dynamicLibraryPath (paths inside the image) instead',
};

/**
 * The parameter namespace of CloudNativePG's own state (CreatePostgresqlConfFile
 * keeps every "cnpg." key apart: cnpg.config_sha256, cnpg.synchronous_standby_names_metadata).
 */
export const CLOUDNATIVE_PG_PARAMETER_NAMESPACE = 'cnpg';
