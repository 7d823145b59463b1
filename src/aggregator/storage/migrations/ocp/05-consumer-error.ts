/** OCP 5: `consumer_error`, messages the consumer could not process. */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(
      db,
      dialect,
      `
      CREATE TABLE consumer_error (
        topic        VARCHAR NOT NULL,
        partition    INTEGER NOT NULL,
        topic_offset INTEGER NOT NULL,
        key          VARCHAR,
        produced_at  TIMESTAMP NOT NULL,
        consumed_at  TIMESTAMP NOT NULL,
        message      VARCHAR,
        error        VARCHAR NOT NULL,
        PRIMARY KEY (topic, partition, topic_offset)
      )`,
    );
  },
  async down(db) {
    await exec(db, 'DROP TABLE consumer_error');
  },
} satisfies MigrationStep;
