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
    "**{rank}.** {user}: {points} {points:one=point|other=points} ({correct} of {asked} right)",
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
  "answer.elsewhere": "This button belongs to a quiz in another channel: nothing was recorded.",
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
  "quiz.stopLater":
    "The quiz's database cannot save anything right now, so the round could not be stopped yet. It will be stopped, and this channel freed, as soon as the database can save again; I keep trying.",
  "quiz.stopUnreadable":
    "This channel's last round cannot be read (its saved record is gone or damaged), so there is nothing to stop: it does not hold the channel, and `/quiz channel` starts a new round here. Its old question's buttons no longer count.",
  "quiz.stopped": "The round is stopped; the final scoreboard is posted.",
  "review.nothingYet":
    "Nothing to review yet: questions you answer in quizzes come back here when they are due. Start with `/quiz solo`.",
  "review.nothingDue": "Nothing is due right now. Your next review is <t:{at}:R>.",

  // Errors and refusals
  "error.unexpected":
    "Sorry, something went wrong on our side. If it keeps happening, tell the server admins (reference `{reference}`).",
  "error.storeUnavailable":
    "The quiz's database is not answering right now, so I could not finish that. Please try again in a moment: an answer is never counted twice, so clicking again is safe.",
  "error.storeCannotWrite":
    "The quiz's database cannot save anything right now, so that was NOT recorded (an answer does not count yet). Please try again in a moment.",
  "error.withReference": "{message} (reference `{reference}`)",
  "error.guildOnly": "This bot's commands work in a server, not in direct messages.",
  "limits.member":
    "You can start {max} rounds an hour (solo, channel or a set played), and that many have started in the last hour. Try again <t:{retryAt}:R>.",
  "limits.channel":
    "This channel can have {max} public rounds an hour, and that many have started in the last hour. Try again <t:{retryAt}:R>.",
  "error.botCannotPost":
    "I cannot post here: this channel does not give me {missing}. Ask a server admin to allow it (channel settings > Permissions), or use another channel. Nothing was saved.",
  "permission.ViewChannel": "View Channel",
  "permission.SendMessages": "Send Messages",
  "permission.EmbedLinks": "Embed Links",
  "permission.AttachFiles": "Attach Files",
  "error.discord.unknownMessage": "That message no longer exists (it was deleted). Nothing was changed.",
  "error.discord.unknownChannel": "That channel no longer exists, or I cannot see it. Nothing was changed.",
  "error.discord.missingAccess":
    "I cannot see that channel (it does not give me View Channel). Ask a server admin to allow it. Nothing was changed.",
  "error.discord.missingPermissions":
    "This channel does not give me a permission I need for that (Send Messages, Embed Links or Attach Files). Ask a server admin to allow it.",
  "quiz.channel.noPicture": "(The chart is not shown: this channel does not give me Attach Files.)",
  "help.limits": "Limits",
  "help.limitsValue":
    "Each member can start {perMember} rounds an hour (solo, channel, or a set played), and each channel can have {perChannel} public rounds an hour (0 means no limit). When a limit is reached, I say when to try again.",
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
  "review.confirmApproved":
    'Approved: "{question}" now appears in this server\'s quizzes, and its author has been told.',
  "review.confirmRejected": 'Rejected: "{question}". Its author has been told, with your reason.',
  "review.rejected": 'Your proposed question "{question}" was not approved. The reviewer\'s reason: {reason}',
  "review.noReason": "none given",
  "review.alreadyReviewed": "That question was already reviewed.",
  "review.rejectModalTitle": "Reject this question",
  "review.rejectModalLabel": "Why? (the author is told)",
  "review.rejectModalPlaceholder": "For example: the quote does not say that.",
  "review.duplicateTitle": "⚠️ Possible duplicate",
  "review.duplicateWarning": "Same quote or same question as {questions}, which this server already asks.",
  "review.giveawayTitle": "⚠️ Gives an answer away",
  "giveaway.shownBy":
    "Its answer is shown by {questions} (in a question, explanation or passage): a quiz asks it before them, never after.",
  "giveaway.shows": "It shows the answer of {questions}: a quiz asks those before it, never after.",
  "giveaway.source":
    "Its answer is printed in every citation of {source} (title, author or date): ask something the citation does not say.",

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
  "learning.chartLegend": "Questions in the chart",
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
  // Teaching a class: question sets, assignments, the grade book
  "lessons.error.noSet": 'There is no set called "{name}" in this server. `/set list` shows them.',
  "lessons.error.setName": "A set's name must be 1 to {max} characters.",
  "lessons.error.setExists": 'There is already a set called "{name}".',
  "lessons.error.tooManySets": "This server has {max} sets, the most it can keep. Delete one first.",
  "lessons.error.noQuestion":
    "There is no question `{id}` in this server's bank. Pick one from the list as you type.",
  "lessons.error.setFull": "This set has {max} questions, the most a set holds.",
  "lessons.error.notInSet": 'The question `{id}` is not in the set "{name}".',
  "lessons.error.nothingToPlay": "None of this set's questions can be played now (removed or disabled).",
  "lessons.error.duePast": "That due time, {understood}, has already passed.",
  "lessons.error.dueNoSuchTime":
    "{understood} does not exist in {zone}: the clocks skip that hour (daylight saving time). Pick another time.",
  "lessons.error.dueUnparseable":
    'I could not read "{typed}" as a due time in {zone}. Try `2026-12-08 17:00`, `friday 17:00`, `tomorrow 9am` or `in 3 days`.',
  "lessons.error.noResult":
    "There is no result `{id}` in this server's grade book. `/results list` shows them.",
  "lessons.error.noZone":
    '"{zone}" is not a time zone. Pick an IANA name from the list, such as `Asia/Seoul`.',
  "lessons.start.gone": "This assignment is no longer available.",
  "lessons.start.closed": "This assignment closed <t:{due}:R> (due <t:{due}:F>).",
  "lessons.start.usedUp": "You have used all your attempts at this assignment ({max}).",
  "lessons.start.attempt": "Attempt {n}. Only you can see this quiz.",
  "lessons.start.late": "⏰ The due time has passed: this attempt is marked late.",
  "lessons.start.resumed": "Attempt {n}, going on from question {round}.",
  "lessons.set.skipped":
    "⚠️ {count} {count:one=question of this set was|other=questions of this set were} removed or disabled and {count:one=is|other=are} left out.",
  "lessons.set.removed": "removed from the bank: not played",
  "lessons.set.disabled": "disabled after a report: not played",
  "lessons.set.title": "Set: {name}",
  "lessons.set.empty": "No questions yet. Add some with `/set add set:{name}`.",
  "lessons.set.footer": "{count} of at most {max} questions",
  "lessons.set.created": 'Set "{name}" created. Add questions with `/set add` or `/set add-matching`.',
  "lessons.set.added": 'Added {count} {count:one=question|other=questions} to "{name}".',
  "lessons.set.alreadyIn": "{count} were in the set already.",
  "lessons.set.full": "{count} did not fit: a set holds {max} questions.",
  "lessons.set.conflict": "⚠️ `{a}` and `{b}` give each other away: consider keeping only one.",
  "lessons.set.reveals":
    "⚠️ `{giver}` shows the answer of `{answered}`: when the set is played, `{answered}` is asked first.",
  "lessons.set.revealsMutual":
    "⚠️ `{a}` and `{b}` show each other's answer: when the set is played, `{b}` is left out. Consider keeping only one.",
  "lessons.set.leftOut":
    "⚠️ {count} {count:one=question of this set shows|other=questions of this set show} the answer of one played before, and each other's: left out.",
  "lessons.set.removedOne": 'Removed the question from "{name}".',
  "lessons.set.moved": 'Moved the question in "{name}".',
  "lessons.set.renamed": 'Renamed "{from}" to "{name}".',
  "lessons.set.deleted": 'Deleted the set "{name}". Its results stay in the grade book.',
  "lessons.sets.line": "**{name}**: {count} {count:one=question|other=questions}",
  "lessons.sets.title": "Question sets ({count} of {max})",
  "lessons.sets.none": "No sets yet. A quiz master makes one with `/set create`.",
  "lessons.assign.title": "📚 Assignment: {title}",
  "lessons.assign.due": "Due <t:{due}:F> (<t:{due}:R>)",
  "lessons.assign.questions": "{count} {count:one=question|other=questions}",
  "lessons.assign.oneAttempt": "One attempt",
  "lessons.assign.attempts": "Up to {max} attempts (your best counts)",
  "lessons.assign.lateAllowed": "Late attempts are allowed, and marked late",
  "lessons.assign.lateClosed": "Closes at the due time",
  "lessons.assign.for": "For <@&{roleId}>",
  "lessons.assign.by": "Assigned by <@{ownerId}>",
  "lessons.assign.how": "Press **Start**: the quiz is private, at your own pace.",
  "lessons.assign.footer": "Assignment {id}",
  "lessons.assign.start": "Start",
  "lessons.assign.posted":
    'Assigned "{title}", due {understood}. Progress and results: `/results show result:{id}`.',
  "lessons.choice.channel": "Live in this channel",
  "lessons.choice.solo": "Solo, just for me",
  "lessons.choice.inOrder": "In the set's order",
  "lessons.choice.shuffled": "Shuffled",
  "lessons.results.untitled": "questions by filter",
  "lessons.results.assignmentTitle": "Assignment: {title}",
  "lessons.results.roundTitle": "Channel round: {title}",
  "lessons.results.line":
    "**{title}** · {count} {count:one=question|other=questions} · <t:{when}:f> by <@{ownerId}> · `{id}`",
  "lessons.results.listTitle": "Grade book ({total} results)",
  "lessons.results.none": "Nothing yet: channel rounds and assignments appear here.",
  "lessons.results.page": "Page {page} of {pages} · /results list page:<n>",
  "lessons.results.studentDone": "✅ {name}: {right}/{asked} right, {points} points ({answered} answered)",
  "lessons.results.studentPartial":
    "⏳ {name}: {answered} of {asked} answered, {right} right, {points} points",
  "lessons.results.lateMark": "(late)",
  "lessons.results.ranBy": "By <@{ownerId}>, <t:{when}:f>",
  "lessons.results.average": "Class average: **{average}** right ({finished} finished)",
  "lessons.results.progress": "Progress: {finished} finished, {started} started, {notStarted} not started",
  "lessons.results.finished": "Finished: {names}",
  "lessons.results.started": "Started: {names}",
  "lessons.results.notStarted": "Not started: {names}",
  "lessons.results.rosterRole": "Class list: the role's members.",
  "lessons.results.rosterPlayers":
    "Class list: members who have played in this server (the bot cannot list a server's or a role's members without the Server Members intent).",
  "lessons.results.scores": "Scores",
  "lessons.results.nobody": "Nobody has answered yet.",
  "lessons.results.perQuestion": "Accuracy per question",
  "lessons.results.questionLine": "{n}. `{id}`: {accuracy} ({correct}/{answered})",
  "lessons.results.missed": "Most missed: {missed} of {answered} got it wrong",
  "lessons.results.footer": "Result {id} · times in {zone} · CSV: answers and students attached",
  "lessons.results.mineTitle": "Your results",
  "lessons.results.mineNone": "You have no results kept in this server yet.",
  "lessons.results.choice": "{title} ({when} UTC)",
  "lessons.notice.due":
    '📚 The assignment "{title}" is due: {finished} finished, {started} started, {notStarted} not started; class average {average}. Details and CSV files: `/results show result:{id}`.',
  "lessons.settings.zoneSet":
    "This server's time zone is now {zone} (it is {now} there). Due times are read in it.",
  "help.who.players": "Everyone",
  "help.who.players.value":
    "`/quiz solo`, `/quiz channel`, `/quiz stop` (your own round), `/review`, `/stats`, `/leaderboard`, `/sources`, `/question add`, `/set list`, `/set show`, `/set play`, `/results mine`",
  "help.who.masters": "Quiz masters (Manage Server, or the quiz-master role)",
  "help.who.masters.value":
    "`/set create|add|add-matching|remove|move|rename|delete|export|import`, `/assign`, `/results list|show|student|accommodate|reset` (with CSV files), `/quiz report`, `/quiz stop` (any round), `/question review`, reports of questions",
  "help.who.admins": "Server admins (Manage Server)",
  "help.who.admins.value":
    "`/settings quiz-master-role role:<role>` makes everyone with that role a quiz master; `/settings time-zone` sets the zone due times are read in; `/settings scoring` turns the speed and streak bonuses on or off and says how assignments are marked; `/settings privacy` says who sees others' `/stats` and whether `/leaderboard` is shown.",
  "cmd.set": "Question sets: the lessons a quiz master builds",
  "cmd.set.create": "Quiz masters: make a new, empty set",
  "cmd.set.add": "Quiz masters: add a question (search by its text or id)",
  "cmd.set.addMatching": "Quiz masters: add every question that matches the filters",
  "cmd.set.remove": "Quiz masters: take a question out of a set",
  "cmd.set.move": "Quiz masters: move a question to another place in a set",
  "cmd.set.rename": "Quiz masters: rename a set",
  "cmd.set.delete": "Quiz masters: delete a set (its results stay)",
  "cmd.set.show": "Show a set's questions in order",
  "cmd.set.list": "List this server's sets",
  "cmd.set.play": "Play a set: live in this channel, or solo",
  "cmd.set.set": "The set",
  "cmd.set.name": "The set's name",
  "cmd.set.question": "The question (type part of its text)",
  "cmd.set.position": "The new position (1 = first)",
  "cmd.set.mode": "Live in this channel (default) or solo",
  "cmd.set.order": "In the set's order (default) or shuffled",
  "cmd.assign": "Quiz masters: assign a set as homework, with a due time",
  "cmd.assign.due": "When it is due, in the server's time zone: 2026-12-08 17:00, friday 17:00, in 3 days",
  "cmd.assign.attempts": "How many attempts each member gets (1 to {max}, default 1)",
  "cmd.assign.late": "Allow attempts after the due time, marked late (default: no)",
  "cmd.assign.role": "The class: the role whose members should take it",
  "cmd.results": "The grade book: channel rounds and assignments",
  "cmd.results.list": "Quiz masters: the recent results",
  "cmd.results.show": "Quiz masters: one result, with progress and CSV files",
  "cmd.results.mine": "Your own results",
  "cmd.results.page": "The page (default 1)",
  "cmd.results.result": "The result",
  "cmd.results.role": "The class to check progress against (default: the assignment's role)",
  "cmd.settings.timeZone": "The time zone due times are read in (UTC until set)",
  "cmd.settings.timeZone.zone": "An IANA time zone, such as Asia/Seoul or America/New_York",
  "cmd.stats.sections": "Chart the accuracy per section of a source instead of per source",

  // Charts, and points that explain themselves
  "charts.picks.title": "How the players answered ({players})",
  "charts.picks.categoryAxis": "Option",
  "charts.picks.valueAxis": "Players who picked it",
  "charts.picks.legend": "✓ right answer",
  "charts.picks.description": "Picks per option: {counts}",
  "charts.accuracy.playerSources": "Accuracy per source",
  "charts.accuracy.playerSections": "Accuracy per section",
  "charts.accuracy.classQuestions": "Class accuracy per question, most missed first",
  "charts.accuracy.classSources": "Class accuracy per source, weakest first",
  "charts.accuracy.subtitle": "Right answers out of answered, weakest first",
  "charts.accuracy.description": "{title}: {values}",
  "charts.axis.source": "Source",
  "charts.axis.section": "Section",
  "charts.axis.question": "Question",
  "charts.axis.accuracy": "Right answers (%)",
  "charts.axis.week": "Week (ISO)",
  "charts.axis.points": "Points",
  "charts.axis.rank": "Rank and player",
  "charts.weekly.title": "Points per week",
  "charts.weekly.subtitle": "Points earned each week (a week starts {start})",
  "charts.weekly.description": "Points per week: {values}",
  "charts.board.subtitle": "Top {shown} of {total} ranked {total:one=player|other=players}",
  "charts.board.description": "{title}: {values}",
  "points.breakdown": "+{total} points = {parts}",
  "points.base": "{points} {difficulty}",
  "points.streak": "{points} streak ({streak} in a row)",
  "points.speed": "{points} speed",
  "points.player": "{user} +{total} = {parts}",
  "quiz.channel.picks": "Picks per option",
  "quiz.channel.picksRow": "{option}: {count}",
  "cmd.status": "The bot's state: version, uptime, shards, store, servers, memory (the bot's owner only)",
  "status.title": "Bot status",
  "status.version": "Version",
  "status.uptime": "Uptime",
  "status.uptimeValue": "{days} d {hours} h {minutes} min",
  "status.shards": "Shards",
  "status.shardsValue": "this process: {shards} (of {total})",
  "status.shardsNone": "this process: none, interactions over HTTP (of {total})",
  "status.store": "Store",
  "status.store.writable": "{backend}: reachable, takes writes ({ms} ms)",
  "status.store.readOnly": "{backend}: answers reads but refuses writes: {error}",
  "status.store.unreachable": "{backend}: not reachable: {error}",
  "status.guilds": "Servers",
  "status.guildsValue": "{count} on this process",
  "status.memory": "Memory",
  "status.memoryValue": "{rss} MB resident, {heap} MB heap",
  "error.statusOwnerOnly": "Only the bot's owner (whoever runs this bot) can see its status.",
  "status.guildsOverHttp": "not counted: interactions arrive over HTTP, without the gateway's server list",
  // A grade book a teacher can sign: scoring, privacy, history per student
  "cmd.assign.marks": "How it is marked: points, or plain accuracy (default: the server's /settings scoring)",
  "cmd.settings.marks.points": "points",
  "cmd.settings.marks.accuracy": "accuracy (right of asked, %)",
  "cmd.settings.scoring":
    "Scoring: the speed and streak bonuses of live rounds, and how assignments are marked",
  "cmd.settings.scoring.speed": "The speed bonus in live channel rounds",
  "cmd.settings.scoring.streak": "The streak bonus (in an assignment it counts only within the attempt)",
  "cmd.settings.scoring.marks": "How assignments are marked unless /assign says otherwise",
  "settings.scoringSet":
    "Scoring in this server: speed bonus **{speed}**, streak bonus **{streak}**; assignments marked in **{marks}** unless `/assign` says otherwise. An assignment attempt never carries a streak or a speed bonus in from outside it.",
  "settings.on": "on",
  "settings.off": "off",
  "settings.marks.points": "points",
  "settings.marks.accuracy": "accuracy (right of asked, %)",
  "cmd.settings.retention":
    "How many casual rounds the grade book keeps (assignments and set plays are always kept)",
  "cmd.settings.retention.casualRounds": "Casual rounds to keep, {min} to {max} (default 200)",
  "settings.retentionSet":
    "The grade book now keeps the newest {count} casual rounds: older ones are deleted with their answers as new rounds start. Assignments and sets played by quiz masters are never pushed out.",
  "cmd.settings.privacy": "Privacy: who may see others' /stats, and whether /leaderboard is shown",
  "cmd.settings.privacy.stats": "Who may see another member's /stats",
  "cmd.settings.privacy.stats.everyone": "everyone",
  "cmd.settings.privacy.stats.quizMasters": "quiz masters only",
  "cmd.settings.privacy.leaderboard": "Whether /leaderboard shows the server's ranking",
  "settings.privacySet":
    "Privacy in this server: another member's `/stats` can be seen by **{stats}**; the public leaderboard is **{leaderboard}**.",
  "settings.privacy.everyone": "everyone",
  "settings.privacy.quizMasters": "quiz masters only",
  "settings.shown": "shown",
  "settings.hidden": "hidden",
  "error.statsPrivate":
    "In this server only quiz masters can see another member's stats. `/stats` on its own shows yours.",
  "error.leaderboardHidden":
    "This server's quiz masters have turned the public leaderboard off. `/stats` shows your own record.",
  "stats.theirWeakest": "Their weakest source is **{title}** ({accuracy}).",
  "scoring.serverSpeedOff": "This server has turned the speed bonus off.",
  "scoring.serverStreakOff": "This server has turned the streak bonus off.",
  "scoring.assignments":
    "Assignments: each attempt is scored on its own (no speed bonus; a streak counts only the attempt's own answers) and marked in {marks}.",
  "lessons.results.marking": "Marked in {marks}",
  "lessons.results.markPercent": "mark {mark}%",
  "cmd.set.export":
    "Quiz masters: a set as a file to share (CSV with ids and answer key, or the bank's YAML)",
  "lessons.set.exported":
    '"{name}": {count} {count:one=question|other=questions} in order, with the question ids and the answer key (keep it from students).',
  "cmd.results.accommodate":
    "Quiz masters: give one student more attempts or a later due time on an assignment",
  "cmd.results.accommodate.attempts": "Attempts in all for this student (1 to {max})",
  "cmd.results.accommodate.due": "A later due time for this student, in the server's time zone",
  "lessons.accommodated":
    '<@{userId}> may take "{title}" {attempts} {attempts:one=time|other=times} in all, until <t:{due}:F>.',
  "cmd.results.reset":
    "Quiz masters: end a term: archive the whole grade book as CSV, then delete it (asks to confirm)",
  "lessons.reset.ask":
    "The grade book holds {count} {count:one=result|other=results}: the archive is attached. Keep it, then press **Delete the grade book** within 10 minutes to delete every result, answer and assignment record.",
  "lessons.reset.confirm": "Delete the grade book",
  "lessons.reset.done": "The grade book is empty: {count} {count:one=result|other=results} deleted.",
  "lessons.reset.expired":
    "This reset is no longer waiting (it expired or was done): run `/results reset` again.",
  "cmd.results.student": "Quiz masters: one student's history across rounds and assignments, with a CSV",
  "cmd.results.user": "The student",
  "lessons.results.studentTitle": "History: {name}",
  "lessons.results.studentNone": "Nothing is kept for <@{userId}> in this server's grade book.",
  "lessons.results.studentFooter":
    "{count} {count:one=result|other=results} · times in {zone} · CSV attached",
  "lessons.start.attemptUsed":
    "You have used your {max:one=attempt|other=attempts} at this assignment. It stays open to others until <t:{due}:F>; your result is in `/results mine`.",
  "lessons.assign.closedTitle": "📚 Assignment (closed): {title}",
  "lessons.assign.closedAt": "Closed at <t:{due}:F>",
  "lessons.assign.closedSummary": "{finished} finished, {started} started; class average {average}.",
  "lessons.assign.closedButton": "Closed",
  "lessons.set.keyHidden": "The answers are hidden while this set is assigned and open (until <t:{due}:F>).",
  "lessons.question.keyHidden":
    "This question is in an open assignment: its answer is shown after the due time (<t:{due}:F>).",
  "cmd.set.format": "The file: CSV (a spreadsheet) or YAML (the bank's format, full text)",
  "lessons.choice.csv": "CSV (spreadsheet)",
  "lessons.choice.yaml": "YAML (the bank's format)",
  "cmd.set.import": "Quiz masters: make a set from a file /set export wrote (here or in another server)",
  "cmd.set.file": "A CSV with a question_id column, or a bank YAML file",
  "cmd.set.importName": "The new set's name (default: the file's name)",
  "lessons.import.done":
    'Imported "{name}": {count} {count:one=question|other=questions} in the file\'s order.',
  "lessons.import.unknown":
    "Skipped {count} {count:one=id|other=ids} this server's bank does not have: {ids}",
  "lessons.import.noneKnown":
    "None of the file's {count} question ids is in this server's bank: no set was made.",
  "lessons.import.nameTaken":
    'There is already a set called "{name}": give the import another name with `name:`.',
  "lessons.import.noIds": "The file names no questions: nothing to import.",
  "lessons.import.tooMany":
    "The file names {count} questions; a set holds at most {max}. Split it into smaller files.",
  "lessons.import.badCsv": "The file is not a readable CSV ({reason}).",
  "lessons.import.noIdColumn":
    "The CSV needs a `question_id` column with an id on every row, as `/set export` writes it.",
  "lessons.import.badYaml": "The file is not readable YAML ({reason}).",
  "lessons.import.notBankYaml":
    "The YAML needs a `questions:` list whose entries each have an `id`, as in the bank's files.",
  "lessons.import.wrongType": "Attach a `.csv` or `.yaml` file, as `/set export` writes it.",
  "lessons.import.tooLarge":
    "The file is larger than {kib} KiB: a set's export is much smaller. Nothing was imported.",
  "lessons.import.notDiscord": "The file must come from Discord's attachment server: nothing was imported.",
  "lessons.import.unreadable":
    "The attached file could not be downloaded from Discord. Try again in a moment.",
  "lessons.import.notText": "The file is not UTF-8 text: save it as CSV (UTF-8) or YAML and attach it again.",
  // Server sources (/source, issue 31)
  "cmd.source": "A class's own reading: add documents, draft questions from them (quiz masters)",
  "cmd.source.add": "Add a document (.txt, .md, or a PDF with text; up to {mib} MiB, {max} per server)",
  "cmd.source.file": "The document: plain text, Markdown, or a PDF with selectable text",
  "cmd.source.title": "Its title, as a citation shows it",
  "cmd.source.author": "Its author or publisher",
  "cmd.source.date": "Its date: YYYY, YYYY-MM or YYYY-MM-DD, or undated",
  "cmd.source.url": "Where to read it (http or https)",
  "cmd.source.chrome": "Lines that are page chrome, never quoted: like 1-3, 40-44",
  "cmd.source.update": "Replace a document (says what happens to its questions before it acts)",
  "cmd.source.source": "One of this server's sources",
  "cmd.source.remove": "Remove a document (says what happens to its questions before it acts)",
  "cmd.source.draft": "Draft questions from a document for review in /question review",
  "cmd.source.count": "How many drafts (at most {max}, default {default})",
  "source.wrongType": "Attach a `.txt`, `.md` or `.pdf` file.",
  "source.tooLarge": "The file is larger than {mib} MiB: nothing was added.",
  "source.notText":
    "The file is not UTF-8 text: save it as plain text (UTF-8) or Markdown and attach it again.",
  "source.pdfUnreadable": "The PDF could not be read (damaged or protected): nothing was added.",
  "source.pdfNoText":
    "The PDF has no selectable text (a scan?): quotes could not be checked against it. Attach a PDF with text, or the text itself.",
  "source.empty": "The document is empty: nothing was added.",
  "source.textTooLong":
    "The document's text is {length} characters; a source holds at most {max}. Attach the part your class reads.",
  "source.hostileText":
    "The text contains a character that hides or reorders what follows it ({char}): remove it and try again.",
  "source.badChrome": 'Cannot read the chrome lines "{part}": write line ranges like `1-3, 40-44`.',
  "source.chromeOutside": "Chrome line {line} is past the end of the document ({lines} lines).",
  "source.badTitle": "The title and the author must each have 1 to 200 characters.",
  "source.badDate": "Write the date as YYYY, YYYY-MM or YYYY-MM-DD, or `undated`.",
  "source.badUrl": "The URL must be an http or https address.",
  "source.full": "This server already has {max} sources: remove one with `/source remove` first.",
  "source.busy": "Another source was added at the same moment: try again.",
  "source.unknown": "This server has no source `{source}`: pick one from the list.",
  "source.uploadedFile": "`{file}`, added to this server (its SHA-256 is kept)",
  "source.summary":
    "`{id}`: **{title}**\n{author}, {date}\n{characters} characters, {lines} lines · SHA-256 `{sha}…`",
  "source.addedTitle": "Source added",
  "source.addedNext":
    "It is in `/sources` and in `/question add source:` for this server only. `/source draft source:{id}` drafts questions from it for review. A server keeps at most {max} sources.",
  "source.confirmUpdateTitle": "Replace {id}?",
  "source.confirmRemoveTitle": "Remove {id}?",
  "source.confirmUpdate":
    "Every question citing it is checked against the new text: the ones below whose quote is gone are withdrawn (disabled); the others keep their place or move with their passage. Confirm within {minutes} minutes.",
  "source.confirmRemove":
    "The questions citing it are removed with it, and no quiz asks them again. Confirm within {minutes} minutes.",
  "source.confirmUpdateButton": "Replace the document",
  "source.confirmRemoveButton": "Remove the source",
  "source.cancelButton": "Cancel",
  "source.willWithdrawField": "Will be withdrawn: {id}",
  "source.withdrawnField": "Withdrawn: {id}",
  "source.nearestPassage": "Its quote is no longer in the text. The nearest passage:",
  "source.noNearest": "Its quote is no longer in the text, and nothing near it was found.",
  "source.movedField": "Moved ({count})",
  "source.restoredField": "Back in the text, restored ({count})",
  "source.willRemoveField": "Will be removed ({count})",
  "source.removedField": "Removed ({count})",
  "source.keptField": "Unchanged",
  "source.keptValue":
    "{count} {count:one=question citing it keeps its|other=questions citing it keep their} passage where it was.",
  "source.updatedTitle": "{id} replaced",
  "source.removedTitle": "{id} removed",
  "source.changeExpired": "This change has expired or was already made: run the command again.",
  "source.changeNotYours": "Only the quiz master who asked for this change can confirm or cancel it.",
  "source.changedMeanwhile":
    "The source changed since you asked: run the command again to see what it would do now.",
  "source.cancelledTitle": "Cancelled",
  "source.cancelled": "Nothing was changed.",
  "source.draftedTitle": "{count} {count:one=draft|other=drafts} from {id}",
  "source.draftedNext":
    "They wait in `/question review`, each with its passage: approve, edit or reject each one.",
  "source.draftedNone":
    "No new drafts: every sentence with a figure, date, name, law or definition is already asked, or has too few like values for wrong options.",
  "source.withdrawnNote":
    "Withdrawn when `{source}` was replaced (version {version}): its quote is no longer in the text. The nearest passage:",
  "review.edit": "Edit…",
  "review.editModalTitle": "Edit the proposal",
  "review.edited": "Saved: the proposal shows again with your text, still waiting for approval.",
  "review.alreadyReviewedError": "That proposal is no longer waiting for review.",
  "review.draftedBy": "Drafted by the bot from `{source}` for <@{userId}>",
} as const;
