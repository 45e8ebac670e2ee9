/**
 * Group commit of single reported executions (issue 6): requests that arrive while a transaction is
 * being written wait and are written together in the next one, with the same few statements as one
 * execution. Each request keeps its own answer: a refused execution is refused alone, the others of
 * its group are recorded. Under load the groups grow by themselves; an idle server writes a request
 * at once. A `201`/`200` is sent only after the group's transaction committed.
 *
 * When a group's transaction fails as a whole (a database error caused by one odd request, or another
 * process answering the same Idempotency-Key first), every request of the group is written again on
 * its own, so one request never fails another. Only when COMMIT itself reports the error is nothing
 * written again (it may have committed): see `#afterUncertainCommit`.
 */
import { inArray } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { transaction } from "../../db/transaction.ts";
import { Batcher, type Settled } from "../../lib/batcher.ts";
import { ApiKeyAuthenticator } from "../api-keys/service.ts";
import {
  type AnswerToStore,
  answerOnce,
  findStoredAnswers,
  type IdempotencyScope,
  replay,
  type StoredAnswer,
  scopeKey,
  storeAnswers,
} from "./idempotency.ts";
import { executions } from "./schema.ts";
import {
  ExecutionRefused,
  type RecordedExecution,
  type ReportedExecution,
  recordEach,
  recordExecutions,
} from "./service.ts";

export interface Answer {
  status: number;
  body: unknown;
}

export interface IngestRequest extends ReportedExecution {
  /** With an Idempotency-Key: its scope and the request's hash. */
  idempotency: { scope: IdempotencyScope; hash: string } | null;
  /** The answer to send (and to store for the Idempotency-Key) once the execution is recorded. */
  answer(recorded: RecordedExecution): Answer;
}

/** The most requests one transaction takes; larger groups would only raise the latency of each. */
const MAX_GROUP = 256;

/** A group's transaction met an answer another transaction stored first for one of its keys. */
class KeyAnsweredElsewhere extends Error {}

/** Another request of the same group carries the same key: it is answered after the first. */
const LATER = Symbol("later");

type GroupResult = Settled<StoredAnswer<unknown> | typeof LATER>;

/** What a group's transaction wrote, known before its COMMIT. */
interface WrittenGroup {
  results: GroupResult[];
  executionIds: string[];
}

export class ExecutionIngest {
  readonly #db: Database;
  readonly #batcher: Batcher<IngestRequest, StoredAnswer<unknown> | typeof LATER>;
  readonly #onGroupFailure: (error: unknown) => void;

  /** `onGroupFailure` hears why a group's transaction failed (its requests are then retried alone). */
  constructor(db: Database, onGroupFailure: (error: unknown) => void = () => {}) {
    this.#db = db;
    this.#onGroupFailure = onGroupFailure;
    // One group at a time: groups lock the same program and account rows, so a second one would only
    // wait for the first (measured: 2 or 3 at a time lowered the throughput).
    this.#batcher = new Batcher((requests) => this.#writeGroup(requests), { maxBatchSize: MAX_GROUP });
  }

  /** Records the execution (or replays the stored answer of its Idempotency-Key). */
  async record(request: IngestRequest): Promise<StoredAnswer<unknown>> {
    const answer = await this.#batcher.submit(request);
    // The first request with this key is committed now: this one replays or is refused.
    return answer === LATER ? this.record(request) : answer;
  }

  /** Resolves when every accepted request has been answered. */
  drained(): Promise<void> {
    return this.#batcher.drained();
  }

  async #writeGroup(requests: IngestRequest[]): Promise<GroupResult[]> {
    let written: WrittenGroup | undefined;
    try {
      await transaction(
        this.#db,
        async (tx) => {
          written = undefined;
          written = await this.#writeTogether(tx, requests);
        },
        { retries: 3 },
      );
      return written?.results ?? [];
    } catch (error) {
      // Another process answering one of the keys first is an expected race, not a failure.
      if (!(error instanceof KeyAnsweredElsewhere)) this.#onGroupFailure(error);
      // Every statement succeeded and COMMIT failed: it may have committed all the same (a lost
      // connection). Writing the requests again could record them twice, so look first.
      if (written && written.executionIds.length > 0) return this.#afterUncertainCommit(written, error);
      return Promise.all(requests.map((request) => this.#writeAlone(request)));
    }
  }

  /**
   * Answers a group whose COMMIT failed: with its results if its executions are there, else with the
   * error. It is not written again: a commit still under way when we look would be doubled. A client
   * that retries with an Idempotency-Key gets its execution once either way.
   */
  async #afterUncertainCommit(written: WrittenGroup, error: unknown): Promise<GroupResult[]> {
    const found = await this.#db
      .select({ id: executions.id })
      .from(executions)
      .where(inArray(executions.id, written.executionIds))
      .catch(() => undefined);
    if (found?.length === written.executionIds.length) return written.results;
    return written.results.map(() => ({ ok: false, error }));
  }

  async #writeTogether(tx: Database, requests: readonly IngestRequest[]): Promise<WrittenGroup> {
    const scopes = requests.flatMap((request) => (request.idempotency ? [request.idempotency.scope] : []));
    const stored = await findStoredAnswers(tx, scopes);
    const results: (GroupResult | undefined)[] = [];
    const seen = new Set<string>();
    const toRecord: { index: number; request: IngestRequest }[] = [];
    requests.forEach((request, index) => {
      if (!request.idempotency) {
        toRecord.push({ index, request });
        return;
      }
      const key = scopeKey(request.idempotency.scope);
      const earlier = stored.get(key);
      if (earlier) {
        results[index] = replay(earlier, request.idempotency.hash);
      } else if (seen.has(key)) {
        results[index] = { ok: true, value: LATER };
      } else {
        seen.add(key);
        toRecord.push({ index, request });
      }
    });

    const recorded = await recordEach(
      tx,
      toRecord.map(({ request }) => request),
    );
    const answers: AnswerToStore[] = [];
    const executionIds: string[] = [];
    toRecord.forEach(({ index, request }, position) => {
      const outcome = recorded[position];
      if (!outcome || outcome instanceof ExecutionRefused) {
        results[index] = { ok: false, error: outcome ?? new Error("No outcome for a request.") };
        return;
      }
      const answer = request.answer(outcome);
      executionIds.push(outcome.execution.id);
      results[index] = { ok: true, value: { ...answer, replayed: false } };
      if (request.idempotency) answers.push({ ...request.idempotency, ...answer });
    });
    if (!(await storeAnswers(tx, answers))) throw new KeyAnsweredElsewhere();
    return {
      results: results.map(
        (result) => result ?? { ok: false, error: new Error("A request was left unanswered.") },
      ),
      executionIds,
    };
  }

  /** One request in its own transaction, as the reporting API did before group commit. */
  #writeAlone(request: IngestRequest): Promise<Settled<StoredAnswer<unknown>>> {
    return settle(
      answerOnce(
        this.#db,
        request.idempotency?.scope ?? null,
        request.idempotency?.hash ?? "",
        async (tx) => {
          const [recorded] = await recordExecutions(tx, request.reporter, [request.input], request.context);
          if (!recorded) throw new Error("No execution was recorded.");
          return request.answer(recorded);
        },
      ),
    );
  }
}

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What both reporting APIs share in one process: the grouped key lookups and execution writes. */
export interface Reporting {
  authenticator: ApiKeyAuthenticator;
  ingest: ExecutionIngest;
}

export function createReporting(db: Database, onGroupFailure?: (error: unknown) => void): Reporting {
  return { authenticator: new ApiKeyAuthenticator(db), ingest: new ExecutionIngest(db, onGroupFailure) };
}
