import type { ModalSubmitInteraction } from "discord.js";
import type { BotContext } from "../context.ts";
import { submitProposalForm } from "../features/community/propose.ts";
import { submitReport } from "../features/community/reports.ts";
import { submitProposalEdit, submitRejection } from "../features/community/review.ts";
import { submitTypedAnswer } from "../features/quiz/typed.ts";
import type { ModalAction } from "./custom-id.ts";

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
    case "mqfix":
      return submitProposalEdit(interaction, action.questionId, bot);
  }
}
