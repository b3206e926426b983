import { type Locale, type MessageArgs, translate } from "../i18n/index.ts";

/**
 * An error whose message is meant for the user (shown privately), such as "no questions match".
 * It carries a message key and its parameters, so the error boundary can show it in the language
 * of the interaction; `message` is the English text (for logs and non-Discord callers).
 * Anything else that goes wrong is unexpected: logged with context, and the user sees an apology.
 */
export class UserError extends Error {
  readonly args: MessageArgs;

  constructor(...args: MessageArgs) {
    super(translate("en", ...args));
    this.name = "UserError";
    this.args = args;
  }

  /** The message in a locale. */
  in(locale: Locale): string {
    return translate(locale, ...this.args);
  }
}
