/**
 * What the customer is told when the conversation goes back to the assistant after a person had it
 * (handed back, or quiet for 15 minutes): in the widget's conversation and under a member's chat.
 */
export const ASSISTANT_AGAIN_LINE = "The assistant is answering again.";
