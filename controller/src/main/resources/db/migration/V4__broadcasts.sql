-- Broadcasts and stored programmes (controller.broadcast). Same conventions as V1.

-- One run of a programme to targets: what was asked, by whom, and how it ended. Per-terminal
-- outcomes are the deliveries of its PLAY commands (table delivery, command_id = id for the
-- first PLAY; resumed PLAYs are commands of their own that carry the same broadcast id).
CREATE TABLE broadcast (
    id            BIGINT          NOT NULL PRIMARY KEY,
    stream_id     BIGINT          NOT NULL,
    title         VARCHAR(1000)   NOT NULL,
    origin        VARCHAR(200)    NOT NULL,
    priority      VARCHAR(32)     NOT NULL,
    request       VARCHAR(1000000) NOT NULL,
    requested_by  VARCHAR(200)    NOT NULL,
    created_at_us BIGINT          NOT NULL,
    start_at_us   BIGINT          NOT NULL,
    ended_at_us   BIGINT,
    state         VARCHAR(16)     NOT NULL,
    detail        VARCHAR(10000)
);
CREATE INDEX broadcast_state ON broadcast (state);
CREATE INDEX broadcast_created ON broadcast (created_at_us, id);

-- Programmes stored by id, for schedules to refer to (broadcast.ProgrammeLibrary).
CREATE TABLE programme (
    id            VARCHAR(100)    NOT NULL PRIMARY KEY,
    name          VARCHAR(1000)   NOT NULL,
    spec          VARCHAR(1000000) NOT NULL,
    updated_by    VARCHAR(200)    NOT NULL,
    updated_at_us BIGINT          NOT NULL
);
