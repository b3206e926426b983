/**
 * The English messages: the source of truth for every key and its `{placeholders}`. Korean (ko.ts)
 * must have exactly these keys with the same placeholders (a type error, and a test, otherwise).
 *
 * Only the interface is here. Questions, options, explanations, source titles and quotes come from
 * the bank and stay in their original language; command names in backticks stay as typed.
 */
export const en = {
  // Shared words
  "difficulty.easy": "easy",
  "difficulty.medium": "medium",
  "difficulty.hard": "hard",
  "status.pending": "pending",
  "status.approved": "approved",
  "status.rejected": "rejected",
  "status.removed": "removed",
  "status.disabled": "disabled",
  "list.andMore": "…and {count} more",
  "location.line": "line {line}",
  "location.lines": "lines {from}-{to}",
  "location.section": '{lines}, under "{section}"',
  "location.inFile": "{where} of `questions/sources/{sourceId}.txt`",
  "date.undated": "undated",
  "date.undatedWithNote": "undated ({note})",

  // A question and its reveal
  "quiz.questionTitle": "Question {round} of {total}",
  "quiz.answerTitle": "The answer: {answer}",
  "quiz.rightTitle": "✅ Right! {answer}",
  "quiz.wrongTitle": "❌ Not quite. The answer: {answer}",
  "quiz.field.source": "Source",
  "quiz.field.passage": "The passage",
  "quiz.field.whereToReadOn": "Where to read on",
  "quiz.field.otherSources": "Other sources: {title}",
  "quiz.footer.points": "+{points} {points:one=point|other=points}",
  "quiz.footer.youAnswered": "You answered: {chosen}",
  "quiz.footer.communityAdded": "Community-added question",
  "quiz.button.summary": "See my summary",
  "quiz.button.next": "Next question",
  "quiz.button.report": "Report a problem",
  "quiz.standings.nobody": "Nobody answered.",
  "quiz.standings.row":
    "**{rank}.** {user}: {points} {points:one=point|other=points} ({correct}/{answered} right)",
  "quiz.summary.title": "Quiz complete",
  "quiz.summary.score":
    "You got **{correct} of {total}** right and earned **{points} {points:one=point|other=points}**.",
  "quiz.summary.readOn":
    "Every answer came with its source: read on in the passages above, or run `/sources`.",
  "quiz.summary.rank": "You are **#{rank}** in this server with {points} {points:one=point|other=points}.",
  "quiz.summary.noRank": "You have no points in this server yet.",
  "quiz.channel.gotItRight": "{right} of {total} {total:one=player|other=players} got it right",
  "quiz.channel.nobodyRight": "Nobody this time.",
  "quiz.channel.stopped": "The round was stopped.",
  "quiz.channel.failed": "The round had to end early.",
  "quiz.channel.allDone": "All {count} {count:one=question|other=questions} done.",
  "quiz.channel.finalTitle": "Final scoreboard",
  "quiz.channel.finalDescription": "{why} Points count toward this server's `/leaderboard`.",
  "quiz.channel.players": "Players",
  "quiz.channel.answerWithin":
    "Answer within **{seconds} s** (closes <t:{endsAt}:R>). Quiz started by <@{ownerId}>.",
  "quiz.channel.finalNext": "Final scoreboard next.",
  "quiz.channel.nextIn": "Next question in {seconds} s.",
  "round.ownerFailing":
    "Your quiz round in <#{channelId}> had to stop: something kept failing on our side. The points already scored are kept. Please start a new round with `/quiz channel`.",
  "round.ownerLost":
    "Your quiz round in <#{channelId}> has ended: {why}. The points already scored are kept. Once that is fixed, start a new round with `/quiz channel`.",
  "round.channelGone": "the channel no longer exists",
  "round.noPermission":
    "I am no longer allowed to post there (I need View Channel, Send Messages and Embed Links)",
  "scoring.base": "A right answer earns {easy} points (easy), {medium} (medium) or {hard} (hard).",
  "scoring.streak": "Streak bonus: +{perAnswer} for each right answer in a row before it, up to +{max}.",
  "scoring.speed": "Channel rounds: up to +{max} for answering fast, falling to 0 at the time limit.",
  "scoring.wrong": "A wrong answer earns nothing and ends your streak; points are never taken away.",

  // Replies to answer buttons and quiz commands
  "answer.quizOver": "This quiz is over. Start a new one with `/quiz solo` or `/quiz channel`.",
  "answer.duplicate": "You already answered this question: your first answer counts.",
  "answer.notYourQuiz": "This quiz belongs to <@{ownerId}>. Start your own with `/quiz solo`.",
  "answer.closedSolo": "That question is closed. Use the newest message of your quiz.",
  "answer.invalidChoice": "That option is not part of this question.",
  "answer.taken": "Your answer **{chosen}** is in. The right answer is revealed when time is up.",
  "answer.tooLate": "Too late: this question is closed.",
  "answer.notTaken": "That answer could not be taken.",
  "quiz.alreadyRunning":
    "A round is already running in this channel (started by <@{ownerId}>). Join in, or wait for it to end.",
  "quiz.couldNotPost":
    "I could not post the round in this channel: check that I may send messages and embed links here.",
  "quiz.roundStarted":
    "Your round of {count} {count:one=question|other=questions} has started. Stop it any time with `/quiz stop`.",
  "quiz.fewerMatch":
    "Only {matching} {matching:one=question matches|other=questions match}; playing {count}.",
  "quiz.fewerPlayable":
    "{matching} questions match, but some give each other's answers away; playing {count}.",
  "quiz.noRound": "No round is running in this channel.",
  "quiz.stopNotAllowed":
    "Only <@{ownerId}>, who started this round, or a member with Manage Server can stop it.",
  "quiz.stopped": "The round is stopped; the final scoreboard is posted.",
  "review.nothingYet":
    "Nothing to review yet: questions you answer in quizzes come back here when they are due. Start with `/quiz solo`.",
  "review.nothingDue": "Nothing is due right now. Your next review is <t:{at}:R>.",

  // Errors and refusals
  "error.unexpected":
    "Sorry, something went wrong on our side. If it keeps happening, tell the server admins (reference `{reference}`).",
  "error.storeUnavailable":
    "The quiz's database is not answering right now, so I could not finish that. Please try again in a moment: an answer is never counted twice, so clicking again is safe.",
  "error.withReference": "{message} (reference `{reference}`)",
  "error.guildOnly": "This bot's commands work in a server, not in direct messages.",
  "error.staleButton":
    "This button is out of date. Start again with `/quiz solo`, `/quiz channel` or `/leaderboard`.",
  "error.staleForm": "This form is out of date. Please start again.",
  "error.noQuestionsMatch": "No questions match those options. Try another source, topic or difficulty.",
  "error.invalidOptions": "Those options are not valid: {issues}",
  "error.noSource": 'There is no source "{source}". Pick one from the list, or see `/sources`.',
  "error.noSourceToShow": 'There is no source "{source}". Run `/sources` to see them all.',
  "error.noTopic": 'There is no topic "{topic}". Pick one from the list as you type.',
  "error.noTopicForProposal": 'There is no topic "{topic}". Pick one from the list, or leave it empty.',
  "error.pickDifficulty": "Pick a difficulty from the list.",
  "error.pickStatus": "Pick a status from the list.",
  "error.notQuizMaster":
    "Only quiz masters can do that: members with Manage Server, or with the role set by `/settings quiz-master-role`.",
  "error.settingsNeedManageServer": "Only members with Manage Server can change the quiz settings.",
  "error.leaderboardGuildOnly": "The leaderboard belongs to a server.",
  "error.proposalsGuildOnly": "Proposals belong to a server.",
  "error.reportsGuildOnly": "Reports belong to a server.",
  "error.draftExpired":
    "Your draft has expired (drafts are kept for an hour). Start again with `/question add`.",
  "error.questionGone": "That question is no longer in this server's quiz.",
  "error.noQuestion": "There is no question `{id}` in this server.",
  "error.noProposedQuestion": "There is no proposed question `{id}` in this server.",
  "error.removeNotAllowed":
    "Only quiz masters can remove a question, or its author while it is still pending.",
  "error.nothingToExport": "This server has no approved questions to export yet.",
  "error.reportLength":
    "A report needs {min} to {max} characters saying what is wrong (yours has {length}). Please write it again.",
  "error.reportAlreadyOpen":
    "You already reported this question, and the report is still open: a quiz master will look at it.",
  "error.pickLanguage": "Pick a language from the list.",
  "error.restarting": "The bot is restarting and did not take that. Please try again in a moment.",

  // Leaderboard and stats
  "board.titleWeek": "Leaderboard: this week",
  "board.titleAllTime": "Leaderboard: all time",
  "board.row": "**{rank}.** {user}: {points} {points:one=point|other=points}",
  "board.own": "You are **#{rank}** with {points} {points:one=point|other=points}.",
  "board.noOwn": "You have no points yet here.",
  "board.empty": "Nobody has scored yet. Start with `/quiz solo`!",
  "board.footer": "Page {page} of {pages} · {total} ranked {total:one=player|other=players}",
  "board.previous": "◀ Previous",
  "board.next": "Next ▶",
  "stats.noAnswersTitle": "No answers yet",
  "stats.noAnswers": "{user} has not answered any question in this server. `/quiz solo` is a good start.",
  "stats.title": "Quiz record",
  "stats.points": "Points",
  "stats.pointsValue": "{points} all time\n{weekPoints} this week",
  "stats.rank": "Rank",
  "stats.rankValue": "{rank} all time\n{weekRank} this week",
  "stats.rankNumber": "#{rank}",
  "stats.accuracy": "Accuracy",
  "stats.streak": "Streak",
  "stats.streakValue": "{streak} now, best {best}",
  "stats.bySource": "By source",
  "stats.bySection": "By section, weakest first",
  "stats.toPractise": "To practise",
  "stats.weakest": "Your weakest source is **{title}** ({accuracy}): `/quiz solo source:{sourceId}`",

  // Sources and help
  "sources.undatedWithNote": "undated: {note}",
  "sources.noDateGiven": "no date given",
  "sources.count": "{count} {count:one=question|other=questions} · `/sources source:{sourceId}`",
  "sources.title": "The sources",
  "sources.description": "Every question cites a verbatim passage of one of these documents.",
  "sources.field.author": "Author or publisher",
  "sources.field.date": "Date",
  "sources.field.questions": "Questions",
  "sources.questionsValue":
    "{count} {count:one=question cites|other=questions cite} it · `/quiz solo source:{sourceId}`",
  "sources.field.sections": "Sections",
  "sources.noSections": "none",
  "sources.field.file": "File",
  "sources.fileValue": "`questions/sources/{file}` (kept byte-for-byte)",
  "sources.choice": "{title} ({count} {count:one=question|other=questions})",
  "help.title": "How to play",
  "help.description":
    "A quiz about North Korean refugees, built from five source documents. After every answer you see the right answer, a short explanation, and the **verbatim passage** it comes from, with where to read on.",
  "help.commands": "Commands",
  "help.command.solo": "`/quiz solo`: a private quiz at your own pace",
  "help.command.channel":
    "`/quiz channel`: a public round; everyone answers with the buttons before time is up",
  "help.command.stop": "`/quiz stop`: end the channel's round (whoever started it, or Manage Server)",
  "help.command.leaderboard": "`/leaderboard`: top players, all time or this week",
  "help.command.stats": "`/stats`: a player's points, accuracy and streaks, per source",
  "help.command.sources": "`/sources`: the documents the questions come from",
  "help.scoring": "Scoring",
  "help.filters": "Filters",
  "help.filtersValue":
    "`/quiz solo` and `/quiz channel` take `source`, `topic`, `difficulty` and `questions` (how many).",

  // Settings
  "settings.roleSet": "Quiz masters are now members with Manage Server or the <@&{roleId}> role.",
  "settings.roleCleared": "Quiz masters are now members with Manage Server.",
  "settings.languageSet":
    "Channel rounds in this server are now in {language}. Private replies stay in each member's own language.",
  "settings.languageAuto":
    "Channel rounds in this server now follow Discord's server language ({language}). Private replies stay in each member's own language.",
  "settings.language.auto": "the server's language",
  "settings.language.en": "English",
  "settings.language.ko": "Korean",

  // Questions from the community: proposing
  "propose.modalTitle": "Propose a question ({source})",
  "submission.field.question": "Question",
  "submission.field.answer": "Right answer (or true / false)",
  "submission.field.wrong": "Wrong options, one per line",
  "submission.field.quote": "Supporting quote, copied exactly",
  "submission.field.explanation": "Short explanation",
  "submission.problem.question": "Question",
  "submission.problem.answer": "Right answer",
  "submission.problem.wrong": "Wrong options",
  "submission.problem.wrongLine": "Wrong options, line {line}",
  "submission.problem.explanation": "Short explanation",
  "submission.problem.quote": "Supporting quote",
  "submission.problem.source": "Source",
  "submission.problem.difficulty": "Difficulty",
  "submission.problem.topics": "Topic",
  "submission.problem.id": "Question id",
  "submission.problem.submission": "Submission",
  "propose.problemsTitleOne": "Your question needs one fix",
  "propose.problemsTitleMany": "Your question needs {count} fixes",
  "propose.problemsFooter": "Nothing you typed is lost: the button reopens the form with it.",
  "propose.editButton": "Edit and resubmit",
  "propose.limitTitle": "Limit reached",
  "propose.limit":
    "You can propose {max} questions an hour. Try again <t:{retryAt}:R>; your text is kept for an hour (`/question add`, then the form opens with it).",
  "propose.thanksTitle": "Thank you: your question is waiting for review",
  "propose.thanks":
    "Its quote was found in the source. A quiz master will review it (`{id}`); you will hear the outcome by DM, or the next time you use the bot here.",
  "propose.duplicateWarning":
    "It looks like a question this server already asks: {questions}. A quiz master will see this too.",
  "submission.check.bidi":
    "contains {char}, a right-to-left or left-to-right control that would reorder the text after it: remove it",
  "submission.check.control": "contains the control character {char}, which cannot be shown: remove it",
  "submission.check.brokenCharacter": "contains a broken character (half of an emoji or symbol): retype it",
  "submission.check.invisibleOnly":
    "is empty once invisible characters (such as zero-width spaces) are removed",
  "submission.check.invisiblySame":
    'is the same as "{option}" once invisible characters (such as zero-width spaces) are removed',
  "submission.check.optionTooLong":
    "is {length} characters long: options must be at most {max} to be read whole on a button",
  "submission.check.answerIsWrong": 'the right answer "{answer}" is also a wrong option',
  "submission.check.listedTwice": '"{option}" is listed twice',
  "submission.check.quoteNotFound":
    "the quote is not in {source} (only whitespace, quote marks and dashes may differ)",
  "submission.check.closestPassage": 'the closest passage of {source} is: "{passage}"',
  "submission.check.quoteInChrome":
    "the quote runs into page furniture at lines {from}-{to} ({why}), not the document's content",
  "submission.check.empty": "must not be empty",
  "submission.check.tooLong": "must be at most {max} characters",
  "submission.check.wrongCount": "give 1 to 3 wrong options, one per line",
  "submission.check.unknownSource": 'there is no source "{source}"',
  "submission.check.other": "{message}",

  // Reviewing proposals
  "review.pendingTitle": "Pending review (1 of {pending})",
  "review.proposedBy": "Proposed by",
  "review.approve": "Approve",
  "review.reject": "Reject…",
  "review.nothingTitle": "Nothing to review",
  "review.nothing": "No proposed question is waiting for review in this server.",
  "review.approved":
    'Good news: your proposed question "{question}" was approved and now appears in this server\'s quizzes.',
  "review.rejected": 'Your proposed question "{question}" was not approved. The reviewer\'s reason: {reason}',
  "review.noReason": "none given",
  "review.alreadyReviewed": "That question was already reviewed.",
  "review.rejectModalTitle": "Reject this question",
  "review.rejectModalLabel": "Why? (the author is told)",
  "review.rejectModalPlaceholder": "For example: the quote does not say that.",
  "review.duplicateTitle": "⚠️ Possible duplicate",
  "review.duplicateWarning": "Same quote or same question as {questions}, which this server already asks.",

  // A question in detail
  "detail.options": "Options",
  "detail.explanation": "Explanation",
  "detail.source": "Source (quote verified)",
  "detail.where": "Where",

  // Reports
  "report.modalTitle": "Report this question",
  "report.modalLabel": "What is wrong with it?",
  "report.modalPlaceholder": "For example: the passage does not support this answer.",
  "report.thanksTitle": "Thank you for the report",
  "report.thanks": "This server's quiz masters will check the question against its source.",
  "report.noneTitle": "No open reports",
  "report.none": "Nobody has reported a question that is still open.",
  "report.openTitle": "Open report (1 of {open})",
  "report.reportedBy": "Reported by",
  "report.whatIsWrong": "What is wrong",
  "report.keep": "Keep the question",
  "report.disable": "Disable it here",
  "report.limit": "You can file {max} reports an hour. Try again <t:{retryAt}:R>.",
  "report.outcomeKept":
    'A quiz master checked your report about "{question}" against its source and kept the question.',
  "report.outcomeDisabled":
    'Thank you: after your report, the question "{question}" is no longer asked in this server\'s quizzes.',
  "report.resolvedKept":
    "The question is kept: {count} open {count:one=report|other=reports} of it resolved, {reporters} {reporters:one=reporter|other=reporters} told.",
  "report.resolvedDisabled":
    "The question is disabled here: {count} open {count:one=report|other=reports} of it resolved, {reporters} {reporters:one=reporter|other=reporters} told.",
  "report.alreadyResolved": "That report was already resolved.",

  // Managing proposals
  "manage.listTitle": "Proposed questions ({count})",
  "manage.older": "\n…and {count} older",
  "manage.noneMatch": "None match.",
  "manage.questionTitle": "Question {id}",
  "manage.proposalTitle": "Question {id} ({status})",
  "manage.answer": "Answer: {answer}",
  "manage.source": "Source: {source}",
  "manage.proposedBy": "Proposed by {user}",
  "manage.reason": "Reason: {reason}",
  "manage.removedTitle": "Removed",
  "manage.removed": "`{id}` is removed from this server's quizzes.",
  "manage.exported":
    "{count} approved {count:one=question|other=questions}, in the bank's own format. Put the file in `questions/bank/` and run `npm run bank -- check`.",
  "manage.removedPending":
    "`{id}` is withdrawn: it was still waiting for review, so it was never in this server's quizzes, and nobody will review it now.",
  "manage.removedRejected":
    "`{id}` was rejected, so it was never in this server's quizzes; it is now off the list too.",

  // /quiz report
  "learning.nobody": "Nobody has answered a question in this server yet.",
  "learning.missed":
    "{rank}. Missed {missed} of {answered} {answered:one=time|other=times} ({accuracy} right)",
  "learning.title":
    "Quiz report: {players} {players:one=player|other=players}, {results} player-question {results:one=result|other=results}",
  "learning.weakestSources": "**The sources this server knows least**\n{sources}",
  "learning.mostMissed": "Most missed",
  "learning.noneMissed": "No question has been missed yet.",
  "learning.footer": "The CSV has one row per player and question.",

  // Command and option descriptions, and choice names (Discord's localization fields)
  "cmd.help": "How to play, how scoring works, and the commands",
  "cmd.leaderboard": "This server's top quiz players, with your own rank",
  "cmd.leaderboard.period": "All time (default) or this week",
  "cmd.leaderboard.period.allTime": "all time",
  "cmd.leaderboard.period.week": "this week",
  "cmd.question": "Propose questions from the sources, review them, and handle reports",
  "cmd.question.add": "Propose a question backed by a passage of a source",
  "cmd.question.add.source": "The source your quote comes from",
  "cmd.question.add.difficulty": "How hard it is (default medium)",
  "cmd.question.add.topic": "Its topic (default community)",
  "cmd.question.review": "Quiz masters: review proposed questions",
  "cmd.question.list": "This server's proposed questions",
  "cmd.question.list.status": "Only questions with this status",
  "cmd.question.list.source": "Only questions from this source",
  "cmd.question.list.author": "Only questions proposed by this member",
  "cmd.question.show": "One question with its verified citation",
  "cmd.question.id": "The question's id",
  "cmd.question.remove": "Remove a proposed question (quiz masters, or its author while pending)",
  "cmd.question.export": "Quiz masters: the approved questions as a bank file",
  "cmd.question.reports": "Quiz masters: open reports about questions",
  "cmd.quiz": "Play a quiz about North Korean refugees, every answer backed by its source",
  "cmd.quiz.solo": "A private quiz at your own pace",
  "cmd.quiz.channel": "A public round: everyone answers before time is up",
  "cmd.quiz.channel.seconds": "Seconds to answer each question ({min}-{max})",
  "cmd.quiz.stop": "End this channel's round",
  "cmd.quiz.report": "Quiz masters: what this server misses most, and a CSV of results",
  "cmd.quiz.questions": "How many questions ({min}-{max})",
  "cmd.quiz.source": "Only questions from this source document",
  "cmd.quiz.topic": "Only questions on this topic",
  "cmd.quiz.difficulty": "Only questions of this difficulty",
  "cmd.review": "Review the questions you are due to see again (spaced repetition)",
  "cmd.review.questions": "At most how many ({min}-{max})",
  "cmd.settings": "This server's quiz settings",
  "cmd.settings.quizMasterRole":
    "The role whose members review questions and reports (besides Manage Server)",
  "cmd.settings.quizMasterRole.role": "The role; leave empty to clear it",
  "cmd.sources": "The source documents the questions come from",
  "cmd.sources.source": "Show one source in detail",
  "cmd.stats": "A player's quiz record: points, accuracy, streaks, accuracy per source",
  "cmd.stats.user": "Whose record (default: yours)",
  "cmd.settings.language":
    "The language of this server's channel rounds (private replies follow each member)",
  "cmd.settings.language.language": "English, Korean, or auto (Discord's server language)",
  "cmd.settings.language.auto": "auto (the server's language)",
  "cmd.settings.language.en": "English",
  "cmd.settings.language.ko": "한국어 (Korean)",
} as const;
