/**
 * Creates the internal topics of a feature (schedules, recurring tasks) that do not exist yet, printing what
 * it did like `karafka topics` does. Existing topics are left alone.
 */
import { Admin } from '../admin/admin.js';
import type { App } from '../app/app.js';
import type { InternalTopic } from '../scheduling/internal-topic.js';
import { applyChanges, readExistingTopics } from './topics/cluster-topics.js';
import type { DeclaredTopic } from './topics/declared-topics.js';
import { planTopics } from './topics/plan.js';
import { changeLine, summaryLine, type ReportedChange } from './topics/render.js';

/** Creates the missing topics of `topics`; resolves with the number created. */
export async function installInternalTopics(
  app: App,
  topics: readonly InternalTopic[],
  source: string,
  print: (line: string) => void,
): Promise<number> {
  const admin = new Admin({ kafka: app.settings.kafka, oauthBearerProvider: app.settings.oauthBearerProvider });
  try {
    const declared: DeclaredTopic[] = topics.map((topic) => ({ ...topic, source }));
    const existing = await readExistingTopics(admin, declared);
    const changes = planTopics(declared, existing).changes.filter((change) => change.kind === 'create');
    const done: ReportedChange[] = [];
    await applyChanges(admin, changes, (change) => {
      print(changeLine(change, 'done'));
      done.push(change);
    });
    print(summaryLine(done, 'done'));
    return done.length;
  } finally {
    await admin.close();
  }
}
