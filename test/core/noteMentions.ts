/**
 * Technology mentions in real notes against a labelled sample (test/fixtures/note-mention-sample.json:
 * 300 mentions drawn at random from what the parser found in the note collections, each judged right
 * or wrong by reading it). Precision is counted over the sampled mentions the parser still makes; a
 * right one it no longer makes is reported as lost, so precision cannot be bought by dropping them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { entryIdOf } from '../../server/src/core/model';
import { COLLECTIONS_DIR } from './realNotes';

interface SampledMention { file: string; line: number; id: string; correct: boolean; why: string }

export interface MentionResult {
  sample: number;
  stillFound: number;
  correct: number;
  precision: number;
  /** Right mentions the parser no longer makes. */
  lost: string[];
  /** Wrong mentions it still makes. */
  wrong: string[];
}

export function mentionSample(): SampledMention[] {
  return JSON.parse(fs.readFileSync(path.join(COLLECTIONS_DIR, '..', 'note-mention-sample.json'), 'utf8')).sample;
}

/** `kb` must hold the collections (see `realNotesKnowledgeBase`). */
export function measureMentions(kb: KnowledgeBase, sample = mentionSample()): MentionResult {
  const result: MentionResult = { sample: sample.length, stillFound: 0, correct: 0, precision: 0, lost: [], wrong: [] };
  for (const m of sample) {
    const uri = pathToFileURL(path.join(COLLECTIONS_DIR, m.file)).toString();
    const found = (kb.graph.contribution(uri)?.edges ?? []).some((e) => e.kind === 'mentions' && entryIdOf(e.to) === m.id && e.location?.startLine === m.line - 1);
    if (!found) {
      if (m.correct) result.lost.push(`${m.file}:${m.line} ${m.id} (${m.why})`);
      continue;
    }
    result.stillFound++;
    if (m.correct) result.correct++;
    else result.wrong.push(`${m.file}:${m.line} ${m.id} (${m.why})`);
  }
  result.precision = result.correct / Math.max(1, result.stillFound);
  return result;
}
