package dev.xacct.secrets.samples.springboot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Says that the application started with the password set: its length, never its value. */
@Component
class StartupReport implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final DatabaseSettings database;

    StartupReport(DatabaseSettings database) {
        this.database = database;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (database.password() == null || database.password().isEmpty()) {
            throw new IllegalStateException("app.db.password is not set: the imported secret has no password field");
        }
        // Nothing read from the secret is printed, the user name included: only that it is there.
        log.info(
                "Started with app.db.username and app.db.password set ({} characters; values are never printed)",
                database.password().length());
    }
}
