import { parseGucTables, parseOldGucNames, renderParameterModule } from '../../scripts/postgresql-parameters';
import { CLOUDNATIVE_PG_FIXED_PARAMETERS } from '../../src/model/cloudnative-pg-parameters';
import { POSTGRESQL_18_PARAMETERS, POSTGRESQL_18_PARAMETER_ALIASES } from '../../src/model/postgresql-18-parameters';
import {
  CONFIGURATION_FILE_DIRECTIVES, LIBRARY_LIST_PARAMETERS, mergeParameterValue, mergeParameters, parameterNameProblem, splitParameterList,
} from '../../src/model/postgresql-parameters';

describe('PostgreSQL parameters', () => {
  test('every library list is a PostgreSQL 18 parameter, and merges as a union in first-seen order, whatever the spacing', () => {
    for (const name of LIBRARY_LIST_PARAMETERS) {
      expect(POSTGRESQL_18_PARAMETERS[name]).toBeDefined();
      expect(mergeParameterValue(name, 'a,b', ' b , c ,a')).toBe('a, b, c');
    }
    expect(mergeParameterValue('output_plugin_libraries', 'pgoutput,test_decoding', 'pgoutput, test_decoding, wal2json')).toBe('pgoutput, test_decoding, wal2json');
    expect(mergeParameterValue('session_preload_libraries', undefined, ' auto_explain ,')).toBe('auto_explain');
    expect(splitParameterList(' a, ,b ,')).toEqual(['a', 'b']);
  });

  test('other parameters must agree', () => {
    expect(mergeParameterValue('wal_level', undefined, 'logical')).toBe('logical');
    expect(mergeParameterValue('wal_level', 'logical', 'logical')).toBe('logical');
    expect(mergeParameterValue('wal_level', 'replica', 'logical')).toBeUndefined();
  });

  test('mergeParameters merges sources in order and names each conflict with its source, keeping the earlier value', () => {
    expect(mergeParameters(
      { session_preload_libraries: 'auto_explain', wal_level: 'logical' },
      { 'session_preload_libraries': 'pg_stat_statements', 'cron.database_name': 'app' },
      { 'wal_level': 'replica', 'cron.database_name': 'app', 'session_preload_libraries': 'auto_explain' },
    )).toEqual({
      merged: { 'session_preload_libraries': 'auto_explain, pg_stat_statements', 'wal_level': 'logical', 'cron.database_name': 'app' },
      conflicts: [{ name: 'wal_level', current: 'logical', added: 'replica', source: 2 }],
    });
    expect(mergeParameters()).toEqual({ merged: {}, conflicts: [] });
  });
});

describe('which parameters a definition may set', () => {
  test('every parameter of CloudNativePG\'s FixedConfigurationParameters is refused, as fixed or blocked', () => {
    const names = Object.keys(CLOUDNATIVE_PG_FIXED_PARAMETERS);
    expect(names.length).toBe(65);
    for (const name of names) expect(parameterNameProblem(name)).toMatch(/is (fixed|blocked) by CloudNativePG|has its own field/);
    // As transcribed from v1.30.0: a sample of each kind.
    expect(CLOUDNATIVE_PG_FIXED_PARAMETERS).toMatchObject({ 'archive_command': 'fixed', 'port': 'fixed', 'listen_addresses': 'blocked', 'hba_file': 'blocked', 'pg_failover_slots.primary_dsn': 'fixed' });
  });

  test('parameters with their own field, or that CloudNativePG builds, name what to use instead', () => {
    expect(parameterNameProblem('shared_preload_libraries')).toMatch(/sharedPreloadLibraries/);
    expect(parameterNameProblem('dynamic_library_path')).toMatch(/dynamicLibraryPath/);
    expect(parameterNameProblem('extension_control_path')).toMatch(/extensionControlPath/);
    expect(parameterNameProblem('allow_alter_system')).toMatch(/enableAlterSystem/);
    expect(parameterNameProblem('cnpg.synchronous_standby_names_metadata')).toMatch(/CloudNativePG's own state/);
  });

  test('configuration file directives are refused', () => {
    for (const directive of CONFIGURATION_FILE_DIRECTIVES) expect(parameterNameProblem(directive)).toMatch(/configuration file directive/);
  });

  test('names without a dot must be PostgreSQL 18 parameters that may be set; names with one belong to extensions', () => {
    expect(parameterNameProblem('shared_buffer')).toMatch(/not a PostgreSQL 18 parameter.*did you mean shared_buffers\?$/);
    expect(parameterNameProblem('wal_debug')).toMatch(/not a PostgreSQL 18 parameter/);
    expect(parameterNameProblem('block_size')).toMatch(/read-only/);
    for (const name of ['wal_level', 'work_mem', 'output_plugin_libraries', 'local_preload_libraries', 'session_preload_libraries', 'datestyle', 'timezone', 'sort_mem']) {
      expect([name, parameterNameProblem(name)]).toEqual([name, undefined]);
    }
    for (const name of ['pgaudit.log', 'cron.database_name', 'timescaledb.telemetry_level', 'pg_stat_statements.max']) {
      expect([name, parameterNameProblem(name)]).toEqual([name, undefined]);
    }
  });

  test('the PostgreSQL 18 list is the generated one: lowercase names, known contexts, old names that lead to real ones', () => {
    const names = Object.keys(POSTGRESQL_18_PARAMETERS);
    expect(names.length).toBeGreaterThan(400);
    expect(names.every((n) => /^[a-z_][a-z0-9_]*$/.test(n))).toBe(true);
    expect([...names].sort()).toEqual(names);
    expect(POSTGRESQL_18_PARAMETERS).toMatchObject({ shared_buffers: 'postmaster', work_mem: 'user', server_version: 'internal', ssl_groups: 'sighup' });
    for (const current of Object.values(POSTGRESQL_18_PARAMETER_ALIASES)) expect(POSTGRESQL_18_PARAMETERS[current]).toBeDefined();
    // CloudNativePG's lists hold PostgreSQL parameters (or extension ones, with a dot), not inventions.
    for (const name of Object.keys(CLOUDNATIVE_PG_FIXED_PARAMETERS)) {
      const known = name.includes('.') || name in POSTGRESQL_18_PARAMETERS || name in POSTGRESQL_18_PARAMETER_ALIASES
        || ['promote_trigger_file', 'stats_temp_directory'].includes(name); // removed in PostgreSQL 15, still blocked
      expect([name, known]).toEqual([name, true]);
    }
  });
});

describe('scripts/postgresql-parameters.ts', () => {
  const GUC_TABLES = `
static const char *unrelated[] = {"x", PGC_USERSET};
struct config_bool ConfigureNamesBool[] =
{
	{
		{"enable_seqscan", PGC_USERSET, QUERY_TUNING_METHOD,
			gettext_noop("Enables the planner's use of sequential-scan plans."),
		},
	},
#ifdef LOCK_DEBUG
	{
		{"trace_locks", PGC_SUSET, DEVELOPER_OPTIONS,
		},
	},
#endif
	{
		{
			"optimize_bounded_sort_like", PGC_SU_BACKEND, QUERY_TUNING_METHOD,
		},
	},
};
struct config_int ConfigureNamesInt[] =
{
	{
		{"DateStyle",
			PGC_USERSET,
			CLIENT_CONN_LOCALE,
		},
		{"on", 1, false},
	},
	{
		{"block_size", PGC_INTERNAL, PRESET_OPTIONS,
		},
		BLCKSZ,
#ifdef USE_SSL
		true,
#else
		false,
#endif
	},
};`;

  test('reads every ConfigureNames entry with its context, leaving out those under a preprocessor condition', () => {
    expect(parseGucTables(GUC_TABLES)).toEqual({
      parameters: [
        { name: 'enable_seqscan', context: 'user' },
        { name: 'optimize_bounded_sort_like', context: 'superuser-backend' },
        { name: 'datestyle', context: 'user' },
        { name: 'block_size', context: 'internal' },
      ],
      conditional: [{ name: 'trace_locks', context: 'superuser' }],
    });
  });

  test('reads map_old_guc_names', () => {
    expect(parseOldGucNames('static const char *const map_old_guc_names[] = {\n\t"sort_mem", "work_mem",\n\t"SSL_ECDH_CURVE", "ssl_groups",\n\tNULL\n};'))
      .toEqual({ sort_mem: 'work_mem', ssl_ecdh_curve: 'ssl_groups' });
  });

  test('renders a module that cites its source and refuses an old name for nothing', () => {
    const tables = parseGucTables(GUC_TABLES);
    const text = renderParameterModule(tables, { old_style: 'datestyle' }, { release: 'PostgreSQL 18.6', origin: 'a test' });
    expect(text).toContain("  datestyle: 'user',");
    expect(text).toContain('of a test.');
    expect(text).toContain('trace_locks');
    expect(() => renderParameterModule(tables, { x: 'nothing' }, { release: 'PostgreSQL 18.6', origin: 'a test' })).toThrow(/does not define/);
  });
});
