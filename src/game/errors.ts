/**
 * An error whose message is meant for the user (shown privately), such as "no questions match".
 * Anything else that goes wrong is unexpected: logged with context, and the user sees an apology.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}
