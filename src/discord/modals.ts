import type { ModalSubmitInteraction } from "discord.js";
import { submitProposalForm } from "./community/propose.ts";
import { submitReport } from "./community/reports.ts";
import { submitRejection } from "./community/review.ts";
import type { BotContext } from "./context.ts";
import type { ModalAction } from "./custom-id.ts";
import { submitTypedAnswer } from "./typed.ts";

/** Routes a decoded modal submission to its handler. */
export async function handleModal(interaction: ModalSubmitInteraction, action: ModalAction, bot: BotContext) {
  switch (action.kind) {
    case "mqadd":
      return submitProposalForm(interaction, action, bot);
    case "mqrej":
      return submitRejection(interaction, action.questionId, bot);
    case "mrep":
      return submitReport(interaction, action.questionId, bot);
    case "mtyp":
      return submitTypedAnswer(interaction, action, bot);
  }
}
