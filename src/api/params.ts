import { LanguageCodeSchema, SectionIdSchema, SlugSchema } from '../identifiers';
import { StringKeySchema } from './interface-strings/schema';
import { WebhookIdSchema } from './webhooks/schema';

/** The schema of each path parameter, by the name the routes give it (`:slug` is `slug`). */
export const PathParams = {
  slug: SlugSchema,
  lang: LanguageCodeSchema,
  sectionId: SectionIdSchema,
  id: WebhookIdSchema,
  key: StringKeySchema,
};
