import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community (embedded) with a Bolt connector on 127.0.0.1:PORT, for scripts/neo4j.sh.
 * Usage: Launcher HOME_DIR PORT. Data goes to HOME_DIR/data, Neo4j's own logs to HOME_DIR/logs.
 * Env NEO4J_PASSWORD: if set and non-empty, auth is enabled and user neo4j gets that password;
 * otherwise auth is disabled. Prints "READY bolt://127.0.0.1:PORT" once the database answers.
 */
public final class Launcher {
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Launcher HOME_DIR PORT");
            System.exit(2);
        }
        try {
            run(Path.of(args[0]).toAbsolutePath(), Integer.parseInt(args[1]), System.getenv("NEO4J_PASSWORD"));
        } catch (Throwable e) {
            System.out.println("FAILED to start Neo4j: " + e);
            e.printStackTrace(System.out);
            System.exit(1); // runs the shutdown hook if the DBMS was built
        }
    }

    static void run(Path home, int port, String password) throws Exception {
        boolean auth = password != null && !password.isEmpty();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(32))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                // Faster start and stop for tests: no diagnostics dump, 1 s (not 2 x 5 s) Bolt drain.
                .setConfig(GraphDatabaseInternalSettings.dump_diagnostics, false)
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            dbms.shutdown();
            System.out.println("STOPPED");
        }, "neo4j-shutdown"));
        if (auth) { // embedded transactions bypass auth; users live in the system database
            try {
                dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (QueryExecutionException e) { // fine when the password is already set
                if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
            }
        }
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(120_000)) throw new IllegalStateException("database neo4j not available after 120 s");
        db.executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + port + (auth ? " (auth: user neo4j)" : " (auth disabled)"));
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM/SIGINT runs the shutdown hook
    }
}
